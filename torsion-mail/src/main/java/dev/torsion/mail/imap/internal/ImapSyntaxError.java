package dev.torsion.mail.imap.internal;

/** A command that does not follow RFC 3501 9's grammar; answered with BAD. */
public final class ImapSyntaxError extends Exception {
  private static final long serialVersionUID = 1L;

  public ImapSyntaxError(String message) {
    super(message, null, false, false);
  }
}
