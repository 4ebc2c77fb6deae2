package dev.torsion.internet;

import java.util.List;

/**
 * More than one failure at once: what {@link Deferred#race} fails with when every input fails.
 * Twisted's {@code FailureGroup}.
 *
 * <pre>{@code
 * Deferred.race(List.of(fromMirrorA(), fromMirrorB())).addErrback(f -> {
 *   for (Failure each : ((FailureGroup) f.value()).failures()) log.warn(each.getErrorMessage());
 *   return null;
 * });
 * }</pre>
 */
public final class FailureGroup extends RuntimeException {
  private final List<Failure> failures;

  public FailureGroup(List<Failure> failures) {
    super(failures.size() + " failures, the first: " + (failures.isEmpty() ? "none" : failures.get(0).value()));
    this.failures = List.copyOf(failures);
    for (Failure f : this.failures) {
      addSuppressed(f.value());
    }
  }

  /** The failures, in the order of the inputs that produced them. */
  public List<Failure> failures() {
    return failures;
  }
}
