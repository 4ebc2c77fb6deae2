package dev.torsion.plugin;

/**
 * Something the user must fix keeps the program from starting: a file that cannot be read, a port
 * in use, a pid file held by a live process. The runner prints {@code torsion: MESSAGE} (which
 * names the file or address) and exits with status 1, without a stack trace.
 *
 * <pre>{@code
 * throw new StartupError("cannot read " + path + ": permission denied");
 * }</pre>
 */
public class StartupError extends RuntimeException {
  public StartupError(String message) {
    super(message, null, false, false);
  }

  public StartupError(String message, Throwable cause) {
    super(message, cause, false, false);
  }
}
