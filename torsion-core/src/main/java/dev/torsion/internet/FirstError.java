package dev.torsion.internet;

import java.util.Objects;

/**
 * The failure of a {@link DeferredList} with {@code fireOnOneErrback}, or of {@link
 * Deferred#gatherResults}: the first input to fail, with its index. Twisted's {@code FirstError}.
 *
 * <pre>{@code
 * Deferred.gatherResults(List.of(fetchA(), fetchB())).addErrback(f -> {
 *   FirstError first = (FirstError) f.value();
 *   log.warn("fetch #" + first.index() + " failed: " + first.subFailure().getErrorMessage());
 *   return List.of();
 * });
 * }</pre>
 */
public final class FirstError extends RuntimeException {
  private final Failure subFailure;
  private final int index;

  public FirstError(Failure subFailure, int index) {
    super("FirstError[#" + index + ", " + subFailure.value() + "]", subFailure.value());
    this.subFailure = subFailure;
    this.index = index;
  }

  /** The failure of the input that failed first. */
  public Failure subFailure() {
    return subFailure;
  }

  /** The position, in the input list, of the Deferred that failed. */
  public int index() {
    return index;
  }

  /** Equal to another FirstError with the same index and the same sub-failure, as in Twisted. */
  @Override
  public boolean equals(Object o) {
    return o instanceof FirstError
        && ((FirstError) o).index == index
        && ((FirstError) o).subFailure.equals(subFailure);
  }

  @Override
  public int hashCode() {
    return Objects.hash(index, subFailure);
  }
}
