package dev.torsion.internet.internal;

import dev.torsion.internet.Log;
import dev.torsion.internet.ProcessProtocol;
import dev.torsion.internet.ProcessTransport;
import dev.torsion.internet.Reactor;
import java.io.File;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Starts child processes for {@link Reactor#spawnProcess}: Twisted's {@code
 * twisted.internet.process.Process}, built on {@link ProcessBuilder}.
 *
 * <p>Differences from Twisted that a caller may notice:
 * <ul>
 *   <li>{@code args.get(0)} is the program name, as in Twisted, but Java cannot set a child's
 *       argv[0] apart from the program it runs: the child runs {@code executable} with {@code
 *       args[1..]}, and sees {@code executable} as its argv[0]. A bare {@code executable} is
 *       looked up on the JVM's PATH, not on the PATH in {@code env}.
 *   <li>Java cannot select on pipes, so each process has a reader thread for stdout and one for
 *       stderr, and a writer thread for stdin once something is written (all daemon threads that
 *       end with the pipes; see {@link ProcessConnection}).
 *   <li>When the child exits, the JDK drains what is left in its stdout and stderr pipes and
 *       closes them. So output that a grandchild writes into inherited pipes after the child
 *       exited may never arrive, where Twisted would wait for the grandchild.
 *   <li>No pty, no extra file descriptors ({@code childFDs}), no uid/gid switching.
 * </ul>
 */
public final class ProcessSpawner {
  private ProcessSpawner() {}

  /**
   * Starts {@code executable} and connects {@code protocol} to it. Call on the reactor thread.
   *
   * @param args the program name, then its arguments
   * @param env the child's whole environment, or null to inherit ours
   * @param path the child's working directory, or null for ours
   * @throws UncheckedIOException if the process cannot be started (no such program, no such
   *     directory, not executable)
   */
  public static ProcessTransport spawn(
      Reactor reactor,
      ProcessProtocol protocol,
      String executable,
      List<String> args,
      Map<String, String> env,
      String path) {
    Objects.requireNonNull(reactor, "reactor");
    Objects.requireNonNull(protocol, "protocol");
    Objects.requireNonNull(executable, "executable");
    List<String> command = new ArrayList<>();
    command.add(executable);
    if (args != null && args.size() > 1) {
      command.addAll(args.subList(1, args.size()));
    }
    for (String arg : command) {
      if (arg == null || arg.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("process arguments may not be null or hold NUL: " + command);
      }
    }
    ProcessBuilder builder = new ProcessBuilder(command);
    if (env != null) {
      env.forEach((name, value) -> {
        if (name == null || value == null) {
          throw new IllegalArgumentException(
              "process environment may not hold null: " + name + "=" + value);
        }
      });
      Map<String, String> childEnv = builder.environment();
      childEnv.clear();
      childEnv.putAll(env);
    }
    if (path != null) {
      builder.directory(new File(path));
    }
    Process process;
    try {
      process = builder.start();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spawn " + executable + ": " + e.getMessage(), e);
    }
    ProcessConnection transport = new ProcessConnection(reactor, protocol, process, executable);
    try {
      protocol.makeConnection(transport);
    } catch (Throwable t) {
      // As with a connection whose connectionMade fails: log it and drop the pipes. The process
      // goes on until it notices (Twisted does not kill it either).
      Log.err(t, "Unhandled error in connectionMade of " + protocol);
      transport.loseConnection();
    }
    transport.start();
    return transport;
  }
}
