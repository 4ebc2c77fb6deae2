package dev.torsion.internet;

/**
 * How a child process ended: with an exit code, or killed by a signal. Twisted reports this as a
 * Failure of ProcessDone or ProcessTerminated; here it is a value.
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
