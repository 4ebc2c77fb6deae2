package dev.torsion.mail.smtp;

import dev.torsion.internet.Address;
import java.util.List;

/**
 * What the SMTP server knows of one message besides its bytes: who sent it, to whom, and over
 * which session. Twisted passes the same facts to {@code IMessageDelivery} piecemeal.
 *
 * @param from the reverse path, or null for the null sender {@code <>} (a bounce)
 * @param recipients the accepted forward paths, in RCPT order
 * @param helo the name the client gave in HELO or EHLO
 * @param peer the client's address
 * @param authenticatedUser the local user the client logged in as with AUTH, or null
 * @param tls whether the session ran over TLS
 */
public record Envelope(MailAddress from, List<MailAddress> recipients, String helo, Address peer,
    String authenticatedUser, boolean tls) {
  public Envelope {
    recipients = List.copyOf(recipients);
  }
}
