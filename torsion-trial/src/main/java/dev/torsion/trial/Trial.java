package dev.torsion.trial;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.internal.TrialSession;
import java.util.Arrays;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.stream.Collectors;
import org.opentest4j.AssertionFailedError;

/**
 * The helpers a test calls: Twisted's {@code SynchronousTestCase} assertions on Deferreds, and
 * access to the running test's reactor and logged errors.
 *
 * <p>The synchronous helpers ({@link #successResultOf}, {@link #failureResultOf}, {@link
 * #assertNoResult}) need no reactor: they look at a Deferred that a test drove by hand (with a
 * {@link StringTransport}, a {@code Clock} or an {@link IOPump}) and say what it holds. Like
 * Twisted's, {@code successResultOf} and {@code failureResultOf} take the result: afterwards the
 * Deferred's chain holds null, so a failure that a test inspected is never reported as unhandled.
 *
 * <p>{@link #reactor}, {@link #flushLoggedErrors} and {@link #waitFor} belong to a test run by
 * {@link TrialExtension} and may be called from that test's methods (on its reactor thread).
 *
 * <pre>{@code
 * import static dev.torsion.trial.Trial.*;
 *
 * Clock clock = new Clock();
 * Deferred<String> d = lookup("example.com").addTimeout(5, clock);
 * assertNoResult(d);
 * clock.advance(5);
 * failureResultOf(d, TimeoutError.class);
 * }</pre>
 */
public final class Trial {
  private static final Object NO_RESULT = new Object();

  private Trial() {}

  /**
   * Returns the result {@code d} has fired with, taking it (the chain goes on with null). Fails
   * if it has not fired, or fired with a failure (whose traceback the message shows).
   */
  @SuppressWarnings("unchecked")
  public static <T> T successResultOf(Deferred<T> d) {
    Object result = take(d);
    if (result == NO_RESULT) {
      throw new AssertionFailedError("Success result expected on " + d + ", found no result instead");
    }
    if (result instanceof Failure) {
      Failure f = (Failure) result;
      throw new AssertionFailedError(
          "Success result expected on " + d + ", found failure result instead:\n"
              + f.getTraceback(),
          f.value());
    }
    return (T) result;
  }

  /** The value a CompletionStage has completed with; fails if incomplete or failed. */
  public static <T> T successResultOf(CompletionStage<T> stage) {
    return successResultOf(fromStage(stage));
  }

  /**
   * Returns the Failure {@code d} has fired with, taking it so that it is not reported as
   * unhandled. Fails if {@code d} has not fired, fired with a result, or fired with a failure of
   * none of {@code types} (when any are given).
   */
  @SafeVarargs
  public static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable>... types) {
    Object result = take(d);
    if (result == NO_RESULT) {
      throw new AssertionFailedError("Failure result expected on " + d + ", found no result instead");
    }
    if (!(result instanceof Failure)) {
      throw new AssertionFailedError(
          "Failure result expected on " + d + ", found success result (" + result + ") instead");
    }
    Failure f = (Failure) result;
    if (types.length > 0 && f.check(types) == null) {
      throw new AssertionFailedError(
          "Failure of type ("
              + names(types)
              + ") expected on "
              + d
              + ", found type "
              + f.type().getName()
              + " instead:\n"
              + f.getTraceback(),
          f.value());
    }
    return f;
  }

  /**
   * Asserts that {@code d} has not fired. If it has, the test fails, and a failure it held is
   * taken so that it is reported once, by this assertion, rather than again as unhandled.
   */
  public static void assertNoResult(Deferred<?> d) {
    Object[] seen = {NO_RESULT};
    d.addBoth(
        r -> {
          seen[0] = r;
          return r;
        });
    if (seen[0] != NO_RESULT) {
      Object result = seen[0];
      if (result instanceof Failure) {
        d.addErrback(f -> null);
        Failure f = (Failure) result;
        throw new AssertionFailedError(
            "No result expected on " + d + ", found failure result instead:\n" + f.getTraceback(),
            f.value());
      }
      throw new AssertionFailedError("No result expected on " + d + ", found " + result + " instead");
    }
  }

  /**
   * For asynchronous tests: a Deferred that fires with the exception {@code d} fails with, if it
   * is of one of {@code types}, and fails with an AssertionError if {@code d} succeeds or fails
   * with another type. {@code d} itself is consumed.
   *
   * <pre>{@code
   * @DeferredTest
   * Deferred<?> refusedConnectionFails(Reactor reactor) {
   *   return Trial.assertFailure(connect(reactor, closedPort), ConnectionRefusedError.class);
   * }
   * }</pre>
   */
  @SafeVarargs
  public static Deferred<Throwable> assertFailure(
      Deferred<?> d, Class<? extends Throwable>... types) {
    return expectFailure(d, types);
  }

  /** {@link #assertFailure} for one type, with the exception typed. */
  public static <E extends Throwable> Deferred<E> assertFailure(Deferred<?> d, Class<E> type) {
    return expectFailure(d, type).addCallback(type::cast);
  }

  @SafeVarargs
  private static Deferred<Throwable> expectFailure(
      Deferred<?> d, Class<? extends Throwable>... types) {
    if (types.length == 0) {
      throw new IllegalArgumentException("assertFailure needs at least one expected type");
    }
    return d.addCallbacks(
        result -> {
          throw new AssertionFailedError(
              "did not catch an error, instead got " + result + "; expected (" + names(types) + ")");
        },
        f -> {
          if (f.check(types) != null) {
            return f.value();
          }
          throw new AssertionFailedError(
              "\nExpected: (" + names(types) + ")\nGot:\n" + f.getTraceback(), f.value());
        });
  }

  /**
   * The reactor of the test running on this thread: a fresh one for each test, run by {@link
   * TrialExtension}. Fails outside such a test.
   */
  public static Reactor reactor() {
    return TrialSession.current("Trial.reactor()").reactor();
  }

  /**
   * Takes the errors logged (with {@code Log.err}) so far in this test whose exception is one of
   * {@code types} (any, if none are given), so they do not fail the test, and returns them.
   * Twisted's {@code flushLoggedErrors}.
   */
  @SafeVarargs
  public static List<Failure> flushLoggedErrors(Class<? extends Throwable>... types) {
    return TrialSession.current("Trial.flushLoggedErrors()").flushLoggedErrors(types);
  }

  /**
   * Makes the running test wait, after its method returns, until {@code d} fires: a void test
   * (a {@code @ParameterizedTest}, a {@code @BeforeEach}) can then be asynchronous. An errback
   * fails the test with its exception; the test's timeout applies.
   */
  public static void waitFor(Deferred<?> d) {
    TrialSession.current("Trial.waitFor()").waitFor(d);
  }

  /** {@link #waitFor(Deferred)} for a CompletionStage. */
  public static void waitFor(CompletionStage<?> stage) {
    TrialSession.current("Trial.waitFor()").waitFor(stage);
  }

  private static Object take(Deferred<?> d) {
    Object[] seen = {NO_RESULT};
    // Taking the result (returning null) is what Twisted does with addBoth(results.append):
    // a failure the test looked at is handled, so it is not logged when the Deferred is collected.
    d.addBoth(
        r -> {
          seen[0] = r;
          return null;
        });
    return seen[0];
  }

  private static <T> Deferred<T> fromStage(CompletionStage<T> stage) {
    Deferred<T> d = new Deferred<>();
    stage.whenComplete(
        (value, error) -> {
          if (error != null) {
            d.errback(TrialSession.unwrap(error));
          } else {
            d.callback(value);
          }
        });
    return d;
  }

  private static String names(Class<?>[] types) {
    return Arrays.stream(types).map(Class::getName).collect(Collectors.joining(" or "));
  }
}
