package dev.torsion.protocols.ident;

/**
 * An ident ERROR reply (RFC 1413 section 6): {@code INVALID-PORT}, {@code NO-USER}, {@code
 * HIDDEN-USER} or {@code UNKNOWN-ERROR}; thrown by an {@link IdentLookup} to answer with it, and
 * what {@link IdentClient#lookup} fails with when the server answers one (Twisted's {@code
 * ident.IdentError} and its subclasses, as one class with a code).
 *
 * <pre>{@code
 * IdentLookup lookup = (serverPort, clientPort, peer) -> {
 *   throw new IdentError(IdentError.HIDDEN_USER);
 * };
 * }</pre>
 */
public final class IdentError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public static final String INVALID_PORT = "INVALID-PORT";
  public static final String NO_USER = "NO-USER";
  public static final String HIDDEN_USER = "HIDDEN-USER";
  public static final String UNKNOWN_ERROR = "UNKNOWN-ERROR";

  private final String code;

  public IdentError(String code) {
    super(code);
    this.code = code;
  }

  /** The error token, such as {@code NO-USER}. */
  public String code() {
    return code;
  }
}
