package dev.torsion.internet;

/**
 * How a child process ended: with an exit code, or killed by a signal. Twisted reports this as a
 * Failure of ProcessDone or ProcessTerminated; here it is a value.
 *
 * <pre>{@code
 * @Override public void processEnded(ProcessExit status) {
 *   if (status.isSuccess()) { done.callback(null); }
 *   else if (status.signal() != 0) { done.errback(new IOException("killed by signal " + status.signal())); }
 *   else { done.errback(new IOException("exit code " + status.exitCode())); }
 * }
 * }</pre>
 *
 * @param exitCode the exit status, or -1 if killed by a signal
 * @param signal the number of the signal that killed it, or 0
 */
public record ProcessExit(int exitCode, int signal) {
  /** True for exit code 0 without a signal: Twisted's ProcessDone. */
  public boolean isSuccess() {
    return exitCode == 0 && signal == 0;
  }
}
