package dev.torsion.plugin;

/**
 * The command line is wrong: an unknown plugin or option, a missing or malformed value. The
 * runner prints {@code torsion: MESSAGE} and exits with status 2, without a stack trace.
 *
 * <pre>{@code
 * throw new UsageError("--dest must be HOST:PORT, not '" + dest + "'");
 * }</pre>
 */
public class UsageError extends RuntimeException {
  public UsageError(String message) {
    super(message, null, false, false);
  }
}
