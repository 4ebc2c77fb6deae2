package dev.torsion.mail.relay;

import dev.torsion.internet.Deferred;
import dev.torsion.mail.smtp.SentMail;
import java.util.List;

/**
 * How the {@link RelayManager} hands one message to the next hop for one recipient domain: a
 * smart host, or the domain's mail exchangers. Tests pass a lambda that answers at once.
 *
 * <pre>{@code
 * Transmitter viaSmartHost = Transmitter.smartHost(reactor, "relay.example.net", 25);
 * }</pre>
 */
@FunctionalInterface
public interface Transmitter {
  /**
   * Sends {@code message} from {@code from} ("" for the null sender) to {@code recipients}, all
   * in {@code domain}. Fires with the per-recipient answers, or fails with
   * {@link dev.torsion.mail.smtp.SMTPError} or a connection error.
   */
  Deferred<SentMail> send(String domain, String from, List<String> recipients, byte[] message);

  /** Every message goes to {@code host:port}, whatever the recipient domain. */
  static Transmitter smartHost(dev.torsion.internet.Reactor reactor, String host, int port) {
    return (domain, from, recipients, message) -> dev.torsion.mail.smtp.SMTPClient.sendmail(
        reactor, host, port, from, recipients, message,
        dev.torsion.mail.smtp.SenderOptions.defaults());
  }
}
