package dev.torsion.mail.relay;

import java.io.IOException;

/**
 * Where the {@link RelayManager} puts a delivery status notification for a message it gave up
 * on: the plugin delivers it to a local Maildir or queues it with the null sender.
 *
 * <pre>{@code
 * Bounces bounces = (to, dsn) -> queue.enqueue(null, List.of(MailAddress.parse(to)), file(dsn));
 * }</pre>
 */
@FunctionalInterface
public interface Bounces {
  /** Sends {@code dsn}, a whole RFC 5322 message, to {@code to} from the null sender. */
  void send(String to, byte[] dsn) throws IOException;
}
