package dev.torsion.mail.imap;

/**
 * An IMAP server refused a command ({@code NO} or {@code BAD}), or spoke out of turn: Twisted's
 * {@code imap4.IMAP4Exception}. {@link #status} says which, {@link #code} holds the response code
 * inside "[...]" ({@code AUTHENTICATIONFAILED}, {@code TRYCREATE}, {@code TOOBIG}...), if any.
 *
 * <pre>{@code
 * client.select("Archive").addErrback(f -> {
 *   f.trap(IMAP4Error.class);
 *   System.err.println(((IMAP4Error) f.value()).code());   // e.g. null, or "NONEXISTENT"
 *   return null;
 * });
 * }</pre>
 */
public final class IMAP4Error extends Exception {
  private static final long serialVersionUID = 1L;

  private final String status;
  private final String code;

  /** A refusal: {@code status} is NO or BAD, {@code code} the response code or null. */
  public IMAP4Error(String status, String code, String text) {
    super(status + (code == null ? "" : " [" + code + "]") + " " + text);
    this.status = status;
    this.code = code;
  }

  /** A response the client cannot make sense of (status "PROTOCOL"). */
  public IMAP4Error(String problem) {
    super(problem);
    this.status = "PROTOCOL";
    this.code = null;
  }

  /** NO, BAD, BYE, or PROTOCOL for a malformed or unexpected response. */
  public String status() {
    return status;
  }

  /** The response code without its brackets ({@code TRYCREATE}), or null. */
  public String code() {
    return code;
  }
}
