package dev.torsion.names;

/**
 * A lookup failure: bytes that are not a valid DNS message: a peer's fault, never ours.
 *
 * <pre>{@code
 * deferred.addErrback(f -> { f.trap(MalformedMessageError.class); return fallback; });
 * }</pre>
 */
public class MalformedMessageError extends DNSError {
  public MalformedMessageError(String message) {
    super(message);
  }
}
