package dev.torsion.protocols.amp;

/**
 * The peer answered a command with an {@code _error} box whose code the command did not declare
 * (Twisted's {@code amp.RemoteAmpError}); it carries the wire code and description.
 *
 * <pre>{@code
 * amp.callRemote(SUM, new Sum(1, 2)).addErrback(f -> {
 *   RemoteAmpError e = (RemoteAmpError) f.value();
 *   System.out.println(e.errorCode() + ": " + e.description());
 *   return null;
 * });
 * }</pre>
 */
public class RemoteAmpError extends AmpError {
  private static final long serialVersionUID = 1L;

  private final String errorCode;
  private final String description;

  public RemoteAmpError(String errorCode, String description) {
    super(errorCode + ": " + description);
    this.errorCode = errorCode;
    this.description = description;
  }

  /** The {@code _error_code} value, such as {@code UNKNOWN} or a command's own code. */
  public String errorCode() {
    return errorCode;
  }

  /** The {@code _error_description} value, decoded as UTF-8. */
  public String description() {
    return description;
  }
}
