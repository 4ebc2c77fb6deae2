package dev.torsion.mail.smtp;

import java.util.List;

/**
 * What an SMTP server said about one message: how many recipients it accepted and its answer for
 * each. Twisted's {@code sendmail} fires with the same pair, {@code (numOk, [(addr, code, resp)])}.
 *
 * <pre>{@code
 * SMTPClient.sendmail(reactor, "mx.example.com", from, to, message).addCallback(sent -> {
 *   for (SentMail.Recipient r : sent.recipients()) {
 *     if (!r.accepted()) log.warn("{} refused: {} {}", r.address(), r.code(), r.text());
 *   }
 *   return null;
 * });
 * }</pre>
 */
public record SentMail(int acceptedCount, List<Recipient> recipients) {
  public SentMail {
    recipients = List.copyOf(recipients);
  }

  /** The server's reply to {@code RCPT TO:<address>}. */
  public record Recipient(String address, int code, String text) {
    /** Whether the server took the message for this recipient (a 2xx reply). */
    public boolean accepted() {
      return code / 100 == 2;
    }
  }
}
