package dev.torsion.internet;

import java.io.PrintWriter;
import java.io.StringWriter;
import java.util.Objects;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutionException;

/**
 * An error travelling down a {@link Deferred}'s errback chain: Twisted's {@code Failure}.
 *
 * <p>It wraps the {@link Throwable} that was raised, with the stack trace of where it was raised,
 * and offers Twisted's helpers for errbacks: {@link #trap} to handle only some types, {@link
 * #check} to ask, {@link #getTraceback} to log. A Failure is itself a RuntimeException, so an
 * errback may rethrow it, which is what {@code trap} does when nothing matches.
 *
 * <pre>{@code
 * d.addErrback(f -> {
 *   f.trap(ConnectionRefusedError.class);   // anything else goes on down the chain
 *   return fallbackValue;
 * });
 * }</pre>
 */
public final class Failure extends RuntimeException {
  private final Throwable value;

  private Failure(Throwable value) {
    super(value.toString(), value, false, false);
    this.value = value;
  }

  /**
   * The Failure for {@code t}: {@code t} itself if it is one already, else a new wrapper. The
   * JDK's wrappers from futures ({@link CompletionException}, {@link ExecutionException}) are
   * unwrapped, so that {@code trap} sees the exception that was really raised.
   */
  public static Failure of(Throwable t) {
    Objects.requireNonNull(t, "throwable");
    while ((t instanceof CompletionException || t instanceof ExecutionException)
        && t.getCause() != null) {
      t = t.getCause();
    }
    if (t instanceof Failure) {
      return (Failure) t;
    }
    return new Failure(t);
  }

  /** The wrapped exception. */
  public Throwable value() {
    return value;
  }

  /** The wrapped exception's class. */
  public Class<? extends Throwable> type() {
    return value.getClass();
  }

  /**
   * Returns the first of {@code types} that the wrapped exception is an instance of, or rethrows
   * this Failure if there is none, so that the errback step stays on the error path.
   */
  @SafeVarargs
  public final Class<? extends Throwable> trap(Class<? extends Throwable>... types) {
    Class<? extends Throwable> match = check(types);
    if (match == null) {
      throw this;
    }
    return match;
  }

  /** Returns the first of {@code types} that the wrapped exception is an instance of, or null. */
  @SafeVarargs
  public final Class<? extends Throwable> check(Class<? extends Throwable>... types) {
    for (Class<? extends Throwable> type : types) {
      if (type.isInstance(value)) {
        return type;
      }
    }
    return null;
  }

  /**
   * Throws the wrapped exception if it is unchecked (a RuntimeException or an Error), else this
   * Failure: Twisted's {@code raiseException}. Declared to return one so callers can write
   * {@code throw f.raiseException();}.
   */
  public RuntimeException raiseException() {
    if (value instanceof RuntimeException) {
      throw (RuntimeException) value;
    }
    if (value instanceof Error) {
      throw (Error) value;
    }
    throw this;
  }

  /** The wrapped exception's message, or its class name when it has none. */
  public String getErrorMessage() {
    String message = value.getMessage();
    return message != null ? message : value.getClass().getName();
  }

  /** The wrapped exception's stack trace, with causes, as text. */
  public String getTraceback() {
    StringWriter out = new StringWriter();
    value.printStackTrace(new PrintWriter(out));
    return out.toString();
  }

  @Override
  public String toString() {
    return "[Failure instance: " + value + "]";
  }
}
