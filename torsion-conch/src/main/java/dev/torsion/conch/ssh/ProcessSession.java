package dev.torsion.conch.ssh;

import dev.torsion.internet.ProcessExit;
import dev.torsion.internet.ProcessProtocol;
import dev.torsion.internet.ProcessTransport;
import dev.torsion.internet.Reactor;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A session that runs a program as the server's own OS user: exec runs {@code PROGRAM -c
 * COMMAND}, shell runs {@code PROGRAM}. Twisted's {@code SSHSessionForUnixConchUser}, minus the
 * setuid. Output goes to the channel (stderr as extended data); the exit code becomes
 * exit-status, a signal exit-signal.
 *
 * <pre>{@code
 * public SSHSession openSession() { return new ProcessSession(reactor, "/bin/sh"); }
 * }</pre>
 *
 * <p>The JDK cannot allocate a pseudo-terminal, so when the client asks for one the program is
 * run under util-linux's {@code script -qfc}, which makes one; the size is set once with stty
 * at start. A later window-change runs {@code stty -F} on the pty's slave side, found through
 * /proc as the standard input of script's child: setting the size there works from any process
 * and sends the program SIGWINCH, as a resize on the master would.
 */
public final class ProcessSession implements SSHSession {
  /** Environment variables a client may set, as OpenSSH's default AcceptEnv. */
  private static final Set<String> ACCEPTED_ENV = Set.of("LANG", "LC_ALL", "LC_CTYPE", "TZ");

  private final Reactor reactor;
  private final String program;
  private final Map<String, String> env = new HashMap<>();
  private PtyRequest pty;
  private ProcessTransport process;

  public ProcessSession(Reactor reactor, String program) {
    this.reactor = reactor;
    this.program = program;
  }

  @Override
  public boolean ptyRequested(PtyRequest request) {
    pty = request;
    return true;
  }

  @Override
  public boolean envRequested(String name, String value) {
    if (ACCEPTED_ENV.contains(name) || name.startsWith("LC_")) {
      env.put(name, value);
      return true;
    }
    return false;
  }

  @Override
  public boolean execCommand(SessionChannel channel, String command) {
    return start(channel, command);
  }

  @Override
  public boolean openShell(SessionChannel channel) {
    return start(channel, null);
  }

  private boolean start(SessionChannel channel, String command) {
    Map<String, String> environment = new HashMap<>(System.getenv());
    environment.putAll(env);
    List<String> args = new ArrayList<>();
    String executable;
    if (pty != null) {
      environment.put("TERM", pty.term().isEmpty() ? "dumb" : pty.term());
      String inner = (command == null ? "exec " + quote(program) + " -i"
          : "exec " + quote(program) + " -c " + quote(command));
      if (pty.rows() > 0 && pty.columns() > 0) {
        inner = "stty rows " + pty.rows() + " cols " + pty.columns() + " 2>/dev/null; " + inner;
      }
      executable = "/usr/bin/script";
      args.addAll(List.of("script", "-qfec", inner, "/dev/null"));
    } else {
      executable = program;
      args.add(program);
      if (command != null) {
        args.add("-c");
        args.add(command);
      }
    }
    try {
      process = reactor.spawnProcess(new Bridge(channel), executable, args, environment,
          System.getProperty("user.home"));
      channel.registerProducer(process); // a chatty program and a slow client: bounded memory
    } catch (RuntimeException e) {
      channel.writeExtended(("cannot start " + executable + ": " + e.getMessage() + "\n")
          .getBytes(java.nio.charset.StandardCharsets.UTF_8));
      channel.exit(127);
      return true;
    }
    return true;
  }

  private static String quote(String s) {
    return "'" + s.replace("'", "'\\''") + "'";
  }

  @Override
  public void windowChanged(int columns, int rows) {
    if (process == null || pty == null || columns <= 0 || rows <= 0 || columns > 10_000
        || rows > 10_000) {
      return;
    }
    long pid = process.pid();
    String find = "t=$(readlink /proc/$(cut -d' ' -f1 /proc/" + pid + "/task/" + pid
        + "/children)/fd/0) && stty -F \"$t\" rows " + rows + " cols " + columns;
    try {
      reactor.spawnProcess(new ProcessProtocol(), "/bin/sh", List.of("sh", "-c", find), null,
          null);
    } catch (RuntimeException e) {
      // the size stays as it was; the session goes on
    }
  }

  @Override
  public boolean signalReceived(String signal) {
    if (process != null && Set.of("INT", "TERM", "HUP", "KILL", "QUIT", "USR1", "USR2")
        .contains(signal)) {
      process.signalProcess(signal);
      return true;
    }
    return false;
  }

  @Override
  public void dataReceived(byte[] data) {
    if (process != null) {
      process.write(data);
    }
  }

  @Override
  public void eofReceived() {
    if (process != null) {
      process.closeStdin();
    }
  }

  @Override
  public void closed() {
    if (process != null) {
      try {
        process.signalProcess("KILL");
      } catch (RuntimeException e) {
        // it has exited already
      }
    }
  }

  /** Program output to the channel; its end to exit-status or exit-signal. */
  private final class Bridge extends ProcessProtocol {
    private final SessionChannel channel;

    Bridge(SessionChannel channel) {
      this.channel = channel;
    }

    @Override
    public void outReceived(byte[] data) {
      channel.write(data);
    }

    @Override
    public void errReceived(byte[] data) {
      channel.writeExtended(data);
    }

    @Override
    public void processEnded(ProcessExit status) {
      process = null;
      if (status.signal() != 0) {
        channel.exitSignal(signalName(status.signal()), false, "");
      } else {
        channel.exit(status.exitCode());
      }
    }
  }

  private static String signalName(int n) {
    return switch (n) {
      case 1 -> "HUP";
      case 2 -> "INT";
      case 3 -> "QUIT";
      case 6 -> "ABRT";
      case 9 -> "KILL";
      case 11 -> "SEGV";
      case 13 -> "PIPE";
      case 15 -> "TERM";
      default -> "USR1";
    };
  }
}
