package dev.torsion.mail.smtp;

import java.util.List;

/**
 * An SMTP server refused a step of sending a message, or would not take it for any recipient:
 * Twisted's {@code SMTPClientError} and {@code SMTPDeliveryError}. The code is the server's reply
 * code, or 0 when the client itself gave up (STARTTLS required and not offered, say).
 *
 * <pre>{@code
 * sendmail(...).addErrback(f -> {
 *   if (f.value() instanceof SMTPError e && e.code() / 100 == 4) retryLater();
 *   return null;
 * });
 * }</pre>
 */
public final class SMTPError extends Exception {
  private static final long serialVersionUID = 1L;
  private final int code;
  private final transient List<SentMail.Recipient> recipients;

  public SMTPError(int code, String message, List<SentMail.Recipient> recipients) {
    super(code == 0 ? message : code + " " + message);
    this.code = code;
    this.recipients = List.copyOf(recipients);
  }

  /** The server's reply code (4xx: try again later, 5xx: permanent), or 0. */
  public int code() {
    return code;
  }

  /** The answers to RCPT received before the failure (all refusals when none was accepted). */
  public List<SentMail.Recipient> recipients() {
    return recipients;
  }
}
