package dev.torsion.internet;

/**
 * A running child process, as its protocol sees it: Twisted's {@code IProcessTransport}.
 *
 * <pre>{@code
 * transport.write("input\n".getBytes());
 * transport.closeStdin();
 * transport.signalProcess("TERM");
 * transport.pauseProducing();    // a slow consumer: the child blocks on a full pipe
 * transport.resumeProducing();
 * }</pre>
 *
 * <p>As a {@link PushProducer} it pauses and resumes reading the child's stdout and stderr (as
 * Twisted's {@code Process.pauseProducing} does), so a protocol that relays a chatty child to a
 * slow peer holds bounded memory; {@code stopProducing} is {@link #loseConnection}.
 */
public interface ProcessTransport extends PushProducer {
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

  /** The same as {@link #loseConnection}: the consumer of the output is gone. */
  @Override
  default void stopProducing() {
    loseConnection();
  }
}
