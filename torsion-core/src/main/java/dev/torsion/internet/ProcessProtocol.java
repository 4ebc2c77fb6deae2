package dev.torsion.internet;

/**
 * The logic talking to a child process: Twisted's {@code ProcessProtocol}.
 *
 * <pre>{@code
 * reactor.spawnProcess(new ProcessProtocol() {
 *   @Override public void outReceived(byte[] data) { System.out.print(new String(data)); }
 *   @Override public void processEnded(ProcessExit status) { done.callback(status.exitCode()); }
 * }, "sh", List.of("sh", "-c", "echo hi"), null, null);
 * }</pre>
 */
public class ProcessProtocol {
  /** The process transport, set before {@link #connectionMade}. */
  protected ProcessTransport transport;

  /** Attaches the transport and calls {@link #connectionMade}. */
  public void makeConnection(ProcessTransport transport) {
    this.transport = transport;
    connectionMade();
  }

  /** Called once the process has started. */
  public void connectionMade() {}

  /** Called with data the process wrote to its standard output. */
  public void outReceived(byte[] data) {}

  /** Called with data the process wrote to its standard error. */
  public void errReceived(byte[] data) {}

  /** The process's standard input was closed. */
  public void inConnectionLost() {}

  /** The process's standard output was closed. */
  public void outConnectionLost() {}

  /** The process's standard error was closed. */
  public void errConnectionLost() {}

  /** The process exited; its output may not all have arrived yet. */
  public void processExited(ProcessExit status) {}

  /** The process exited and all its output has been delivered. */
  public void processEnded(ProcessExit status) {}

  public ProcessTransport getTransport() {
    return transport;
  }
}
