package dev.torsion.internet;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.Consumer;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Where Torsion reports errors that no caller can receive: Twisted's {@code log.err}.
 *
 * <p>An exception thrown by a protocol method, a failing delayed call, an unhandled error in a
 * garbage-collected Deferred: each is logged through SLF4J (logger {@code dev.torsion}) with its
 * stack trace, and handed to every registered observer. trial registers one to turn such errors
 * into test failures.
 *
 * <pre>{@code
 * try { protocol.dataReceived(data); }
 * catch (Throwable t) { Log.err(t, "Unhandled error in protocol " + protocol); }
 * }</pre>
 */
public final class Log {
  private static final Logger LOGGER = LoggerFactory.getLogger("dev.torsion");
  private static final List<Consumer<LoggedError>> OBSERVERS = new CopyOnWriteArrayList<>();

  /** An error reported through {@link Log#err}: what happened and why it was logged. */
  public record LoggedError(Failure failure, String why) {}

  private Log() {}

  /** Logs {@code error} with a line saying {@code why}, and tells every observer. */
  public static void err(Throwable error, String why) {
    Failure failure = Failure.of(error);
    LOGGER.error(why, failure.value());
    for (Consumer<LoggedError> observer : OBSERVERS) {
      try {
        observer.accept(new LoggedError(failure, why));
      } catch (RuntimeException e) {
        LOGGER.error("log observer failed", e);
      }
    }
  }

  /**
   * Adds an observer of logged errors; close the returned handle to remove it. Observers are
   * called on whatever thread logged the error.
   */
  public static AutoCloseable addErrorObserver(Consumer<LoggedError> observer) {
    OBSERVERS.add(observer);
    return () -> OBSERVERS.remove(observer);
  }
}
