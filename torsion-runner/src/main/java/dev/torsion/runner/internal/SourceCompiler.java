package dev.torsion.runner.internal;

import dev.torsion.plugin.StartupError;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import javax.tools.Diagnostic;
import javax.tools.DiagnosticCollector;
import javax.tools.FileObject;
import javax.tools.ForwardingJavaFileManager;
import javax.tools.JavaCompiler;
import javax.tools.JavaFileManager;
import javax.tools.JavaFileObject;
import javax.tools.SimpleJavaFileObject;
import javax.tools.StandardJavaFileManager;
import javax.tools.ToolProvider;

/**
 * Compiles one user source file in memory against the runner's own classpath and loads it: the
 * {@code run FILE.java} path. Nothing is written to disk.
 */
public final class SourceCompiler {
  private SourceCompiler() {}

  /**
   * The file does not compile: the message is one summary line, {@link #diagnostics} the
   * compiler's errors as {@code FILE:LINE: error: MESSAGE}, printed before it.
   */
  public static final class CompileError extends StartupError {
    private final List<String> diagnostics;

    CompileError(String message, List<String> diagnostics) {
      super(message);
      this.diagnostics = List.copyOf(diagnostics);
    }

    public List<String> diagnostics() {
      return diagnostics;
    }
  }

  /** Compiles {@code file} and returns its top-level class (the one named like the file). */
  public static Class<?> compile(Path file, ClassLoader parent) {
    JavaCompiler compiler = ToolProvider.getSystemJavaCompiler();
    if (compiler == null) {
      throw new StartupError("running " + file + " needs a JDK (this Java has no compiler)");
    }
    DiagnosticCollector<JavaFileObject> diagnostics = new DiagnosticCollector<>();
    Map<String, ByteArrayOutputStream> classes = new HashMap<>();
    try (StandardJavaFileManager standard =
        compiler.getStandardFileManager(diagnostics, Locale.ROOT, StandardCharsets.UTF_8)) {
      JavaFileManager inMemory =
          new ForwardingJavaFileManager<JavaFileManager>(standard) {
            @Override
            public JavaFileObject getJavaFileForOutput(
                Location location, String className, JavaFileObject.Kind kind, FileObject sibling) {
              return new SimpleJavaFileObject(
                  URI.create("mem:///" + className.replace('.', '/') + kind.extension), kind) {
                @Override
                public OutputStream openOutputStream() {
                  ByteArrayOutputStream out = new ByteArrayOutputStream();
                  classes.put(className, out);
                  return out;
                }
              };
            }
          };
      Iterable<? extends JavaFileObject> units = standard.getJavaFileObjects(file.toFile());
      List<String> options =
          List.of("-classpath", System.getProperty("java.class.path"), "--release", "17",
              "-proc:none", "-encoding", "UTF-8");
      boolean ok = compiler.getTask(null, inMemory, diagnostics, options, null, units).call();
      if (!ok) {
        List<String> lines = new ArrayList<>();
        int errors = 0;
        for (Diagnostic<? extends JavaFileObject> d : diagnostics.getDiagnostics()) {
          if (d.getKind() == Diagnostic.Kind.ERROR) {
            errors++;
            // javac's own form, which editors and terminals link: FILE:LINE: error: MESSAGE
            lines.add(file + ":" + d.getLineNumber() + ": error: " + d.getMessage(Locale.ROOT));
          }
        }
        throw new CompileError(
            "run " + file + ": cannot compile (" + errors + (errors == 1 ? " error)" : " errors)"),
            lines);
      }
    } catch (IOException e) {
      throw new StartupError("cannot read " + file + ": " + e.getMessage());
    }
    String simple = file.getFileName().toString().replaceFirst("\\.java$", "");
    Map<String, byte[]> bytes = new HashMap<>();
    String main = null;
    for (Map.Entry<String, ByteArrayOutputStream> e : classes.entrySet()) {
      bytes.put(e.getKey(), e.getValue().toByteArray());
      if (e.getKey().equals(simple) || e.getKey().endsWith("." + simple)) {
        main = e.getKey();
      }
    }
    if (main == null) {
      throw new StartupError(file + " defines no class named " + simple);
    }
    ClassLoader loader = new ClassLoader(parent) {
      @Override
      protected Class<?> findClass(String name) throws ClassNotFoundException {
        byte[] b = bytes.get(name);
        if (b == null) {
          throw new ClassNotFoundException(name);
        }
        return defineClass(name, b, 0, b.length);
      }
    };
    try {
      return Class.forName(main, true, loader);
    } catch (ClassNotFoundException e) {
      throw new StartupError("cannot load " + main + " from " + file);
    }
  }
}
