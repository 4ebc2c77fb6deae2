package dev.torsion.conch.manhole;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import java.lang.reflect.Modifier;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import jdk.jshell.JShell;
import jdk.jshell.Snippet;
import jdk.jshell.SnippetEvent;
import jdk.jshell.SourceCodeAnalysis;

/**
 * One manhole session's Java shell: JShell running snippets in this very JVM (the "local"
 * execution engine), so snippets see and change the process's objects. Compiling blocks, so
 * each session has its own thread; results come back on the reactor thread. Input is collected
 * until it is a complete snippet, as jshell does.
 */
public final class ManholeInterpreter implements AutoCloseable {
  /** Characters of unfinished input kept; more and the input is dropped. */
  public static final int MAX_INPUT = 64 * 1024;

  private final Reactor reactor;
  private final ExecutorService thread;
  private JShell shell;
  private final StringBuilder pending = new StringBuilder();

  public ManholeInterpreter(Reactor reactor) {
    this.reactor = reactor;
    this.thread = Executors.newSingleThreadExecutor(r -> {
      Thread t = new Thread(r, "manhole");
      t.setDaemon(true);
      return t;
    });
  }

  /** The prompt to show: "java> " or, inside an unfinished snippet, "  ...> ". */
  public String prompt() {
    return pending.length() == 0 ? "java> " : "  ...> ";
  }

  /** Evaluates a line; fires (on the reactor thread) with the text to show, "" for none. */
  public Deferred<String> line(String line) {
    Deferred<String> d = new Deferred<>();
    if (pending.length() + line.length() > MAX_INPUT) {
      pending.setLength(0);
      d.callback("input too long: dropped\n");
      return d;
    }
    pending.append(line).append('\n');
    String source = pending.toString();
    thread.execute(() -> {
      String out;
      boolean complete;
      try {
        JShell js = shell();
        SourceCodeAnalysis.CompletionInfo ci = js.sourceCodeAnalysis().analyzeCompletion(source);
        complete = ci.completeness() != SourceCodeAnalysis.Completeness.DEFINITELY_INCOMPLETE
            && ci.completeness() != SourceCodeAnalysis.Completeness.CONSIDERED_INCOMPLETE;
        out = complete ? eval(js, source) : "";
      } catch (RuntimeException | Error e) {
        complete = true;
        out = "error: " + e + "\n";
      }
      boolean done = complete;
      String text = out;
      reactor.callFromThread(() -> {
        if (done) {
          pending.setLength(0);
        }
        d.callback(text);
      });
    });
    return d;
  }

  private JShell shell() {
    if (shell == null) {
      shell = JShell.builder().executionEngine("local").build();
      shell.addToClasspath(System.getProperty("java.class.path"));
      for (Map.Entry<String, Object> e : Manhole.namespace().entrySet()) {
        shell.eval("var " + e.getKey() + " = (" + typeOf(e.getValue()) + ") "
            + Manhole.class.getName() + ".get(\"" + e.getKey() + "\");");
      }
    }
    return shell;
  }

  /** The variable's declared type: the value's class if code elsewhere may name it. */
  private static String typeOf(Object v) {
    if (v == null) {
      return "Object";
    }
    for (Class<?> c = v.getClass(); c != null; c = c.getSuperclass()) {
      if (Modifier.isPublic(c.getModifiers()) && c.getCanonicalName() != null) {
        return c.getCanonicalName();
      }
    }
    return "Object";
  }

  private static String eval(JShell js, String source) {
    StringBuilder out = new StringBuilder();
    String rest = source;
    while (!rest.isBlank()) {
      SourceCodeAnalysis.CompletionInfo ci = js.sourceCodeAnalysis().analyzeCompletion(rest);
      String snippet = ci.source() != null ? ci.source() : rest;
      for (SnippetEvent e : js.eval(snippet)) {
        if (e.exception() != null) {
          out.append("exception: ").append(e.exception().getMessage()).append('\n');
        } else if (e.status() == Snippet.Status.REJECTED) {
          js.diagnostics(e.snippet()).forEach(
              diag -> out.append("error: ").append(diag.getMessage(null)).append('\n'));
        } else if (e.value() != null && e.causeSnippet() == null) {
          out.append(e.value()).append('\n');
        }
      }
      if (ci.source() == null) {
        break;
      }
      rest = ci.remaining();
    }
    return out.toString();
  }

  @Override
  public void close() {
    thread.execute(() -> {
      if (shell != null) {
        shell.close();
      }
    });
    thread.shutdown();
  }
}
