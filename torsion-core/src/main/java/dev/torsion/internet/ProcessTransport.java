package dev.torsion.internet;

/**
 * A running child process, as its protocol sees it: Twisted's {@code IProcessTransport}.
 *
 * <pre>{@code
 * transport.write("input\n".getBytes());
 * transport.closeStdin();
 * transport.signalProcess("TERM");
 * }</pre>
 */
public interface ProcessTransport {
  /** Writes to the process's standard input. */
  void write(byte[] data);

  /** Closes the process's standard input once queued writes are done. */
  void closeStdin();

  /** Sends a signal: "TERM", "KILL", "INT", or another name the platform knows. */
  void signalProcess(String signal);

  /** The operating system's id for the process. */
  long pid();

  /** Closes standard input, output and error. */
  void loseConnection();
}
