package dev.torsion.mail.smtp;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import java.nio.file.Path;

/**
 * Where the SMTP server's messages go, and who may send them: Twisted's {@code
 * IMessageDelivery}. The server asks about every recipient at RCPT (synchronously: accepting a
 * recipient never waits on DNS), streams the message to a spool file, and hands the file over
 * once the client's final dot arrived.
 *
 * <pre>{@code
 * MessageDelivery delivery = new MaildirDelivery(domains, relayNetworks, queue);
 * Factory smtp = new ESMTPFactory(SMTPServerOptions.builder("mail.example.com")
 *     .delivery(delivery).build(), reactor);
 * }</pre>
 */
public interface MessageDelivery {
  /**
   * Null to accept {@code to} for this session, else the whole SMTP reply refusing it (such as
   * {@code "550 5.1.1 <bob@example.com>: no such user"}).
   *
   * @param authenticatedUser the AUTH user, or null
   * @param peer the client's address
   */
  String validateTo(MailAddress to, String authenticatedUser, Address peer);

  /** The directory where incoming messages are written before {@link #deliver}. */
  Path spoolDirectory();

  /**
   * Takes the finished message at {@code spooled} (the server deletes the file afterwards): fires
   * once the message is safely stored for every recipient, or fails to make the server answer
   * 451 (try again later).
   */
  Deferred<Void> deliver(Envelope envelope, Path spooled);
}
