package dev.torsion.web.client;

/**
 * The reason a body protocol's {@code connectionLost} gets when the whole body arrived: Twisted's
 * {@code ResponseDone}.
 *
 * <pre>{@code
 * public void connectionLost(Failure reason) {
 *   if (reason.check(ResponseDone.class) != null) { done(); }
 * }
 * }</pre>
 */
public final class ResponseDone extends RuntimeException {
  public ResponseDone() {
    super("Response body fully received", null, false, false);
  }
}
