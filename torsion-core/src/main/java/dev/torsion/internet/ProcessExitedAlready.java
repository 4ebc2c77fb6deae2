package dev.torsion.internet;

/**
 * A signal was sent to a child process that has already exited: Twisted's {@code
 * ProcessExitedAlready}.
 *
 * <pre>{@code
 * try { transport.signalProcess("TERM"); }
 * catch (ProcessExitedAlready e) { // it ended by itself first; processEnded will say how }
 * }</pre>
 */
public class ProcessExitedAlready extends IllegalStateException {
  public ProcessExitedAlready(String message) {
    super(message);
  }
}
