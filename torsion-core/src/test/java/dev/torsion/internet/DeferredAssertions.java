package dev.torsion.internet;

import java.util.Arrays;

/** trial-style result checks for a Deferred that should already have fired (or not). */
public final class DeferredAssertions {
  private static final Object NONE = new Object();

  private DeferredAssertions() {}

  /** The Deferred's current result; fails if it has none or has a failure (which it consumes). */
  @SuppressWarnings("unchecked")
  public static <T> T successResultOf(Deferred<T> d) {
    Object[] seen = {NONE};
    d.addBoth(
        r -> {
          seen[0] = r;
          return r instanceof Failure ? null : r;
        });
    if (seen[0] == NONE) {
      throw new AssertionError("Deferred has no result: " + d);
    }
    if (seen[0] instanceof Failure) {
      throw new AssertionError("Deferred failed: " + seen[0], ((Failure) seen[0]).value());
    }
    return (T) seen[0];
  }

  /** The Deferred's current failure, consumed; fails if it has none or of none of {@code types}. */
  @SafeVarargs
  public static Failure failureResultOf(Deferred<?> d, Class<? extends Throwable>... types) {
    Object[] seen = {NONE};
    d.addBoth(
        r -> {
          seen[0] = r;
          return r instanceof Failure ? null : r;
        });
    if (seen[0] == NONE) {
      throw new AssertionError("Deferred has no result: " + d);
    }
    if (!(seen[0] instanceof Failure)) {
      throw new AssertionError("Deferred succeeded with " + seen[0]);
    }
    Failure f = (Failure) seen[0];
    if (types.length > 0 && f.check(types) == null) {
      throw new AssertionError("Failure of " + f.type() + ", not one of " + Arrays.toString(types), f.value());
    }
    return f;
  }

  /** Fails if the Deferred has a result now. */
  public static void assertNoResult(Deferred<?> d) {
    Object[] seen = {NONE};
    d.addBoth(
        r -> {
          seen[0] = r;
          return r;
        });
    if (seen[0] != NONE) {
      throw new AssertionError("Deferred has a result: " + seen[0]);
    }
  }
}
