package dev.torsion.protocols.amp;

/**
 * The base of every error AMP itself raises (Twisted's {@code amp.AmpError}): catch it to handle
 * any AMP failure, or one of its subclasses for a particular one.
 *
 * <pre>{@code
 * amp.callRemote(SUM, new Sum(1, 2)).addErrback(f -> {
 *   if (f.check(AmpError.class) != null) { log.warn("AMP failed: {}", f.getErrorMessage()); }
 *   return null;
 * });
 * }</pre>
 */
public class AmpError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public AmpError(String message) {
    super(message);
  }

  public AmpError(String message, Throwable cause) {
    super(message, cause);
  }
}
