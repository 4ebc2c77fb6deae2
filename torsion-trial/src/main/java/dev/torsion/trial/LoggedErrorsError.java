package dev.torsion.trial;

import dev.torsion.internet.Log;
import java.util.List;

/**
 * Errors were logged through {@link Log#err} during a test and the test did not take them with
 * {@link Trial#flushLoggedErrors}: Twisted's trial reports each such error as a test error.
 *
 * <p>The first logged exception is this error's cause, the others are suppressed, so every
 * traceback is in the report.
 *
 * <pre>{@code
 * LoggedErrorsError: 1 error logged during dev.example.EchoTest.echoes():
 *   Unhandled error in Deferred: java.io.IOException: boom
 * }</pre>
 */
public final class LoggedErrorsError extends AssertionError {
  private final List<Log.LoggedError> errors;

  public LoggedErrorsError(String testName, List<Log.LoggedError> errors) {
    super(message(testName, errors), errors.get(0).failure().value());
    this.errors = List.copyOf(errors);
    for (int i = 1; i < errors.size(); i++) {
      addSuppressed(errors.get(i).failure().value());
    }
  }

  /** The errors that were logged, in order. */
  public List<Log.LoggedError> errors() {
    return errors;
  }

  private static String message(String testName, List<Log.LoggedError> errors) {
    StringBuilder b =
        new StringBuilder()
            .append(errors.size())
            .append(errors.size() == 1 ? " error" : " errors")
            .append(" logged during ")
            .append(testName)
            .append(" (take expected ones with Trial.flushLoggedErrors):");
    for (Log.LoggedError e : errors) {
      b.append("\n  ").append(e.why()).append(' ').append(e.failure().value());
    }
    return b.toString();
  }
}
