package dev.torsion.mail.smtp;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.HostnameEndpoint;
import java.util.List;

/**
 * Sends mail to an SMTP server: Twisted's {@code smtp.sendmail}. The Deferred fires with the
 * server's answer for each recipient once the message is accepted for at least one of them; it
 * fails with {@link SMTPError} when the server refuses the sender, every recipient, or the data.
 *
 * <pre>{@code
 * SMTPClient.sendmail(reactor, "smtp.example.com", "alice@example.com",
 *         List.of("bob@example.org"), "Subject: hi\r\n\r\nhello\r\n".getBytes())
 *     .addCallback(sent -> { System.out.println(sent.acceptedCount() + " accepted"); return null; });
 * }</pre>
 *
 * <p>The host is connected to as given (no MX lookup): pass a smarthost, or the MX you have
 * resolved. To send to a domain's mail exchangers in preference order, looked up through
 * torsion-names, use {@link dev.torsion.mail.relay.MXTransmitter}:
 * {@code new MXTransmitter(reactor, new MXCalculator(DNSClient.fromSystem(reactor)), 25)
 * .send("example.org", from, recipients, message)}. Addresses are checked before connecting: one holding CR, LF or NUL (or otherwise not
 * an address) fails the Deferred with IllegalArgumentException and nothing is sent.
 */
public final class SMTPClient {
  private SMTPClient() {}

  /** Sends to {@code host} port 25 with opportunistic STARTTLS. */
  public static Deferred<SentMail> sendmail(Reactor reactor, String host, String from,
      List<String> recipients, byte[] message) {
    return sendmail(reactor, host, 25, from, recipients, message, SenderOptions.defaults());
  }

  /** Sends to {@code host:port} as {@code options} say. */
  public static Deferred<SentMail> sendmail(Reactor reactor, String host, int port, String from,
      List<String> recipients, byte[] message, SenderOptions options) {
    return send(reactor, new HostnameEndpoint(reactor, host, port), host, from, recipients,
        message, options);
  }

  /** Sends through an endpoint of your own (a UNIX socket, a proxy, a test's in-memory one). */
  public static Deferred<SentMail> sendmail(Reactor reactor, ClientEndpoint endpoint, String from,
      List<String> recipients, byte[] message, SenderOptions options) {
    return send(reactor, endpoint, null, from, recipients, message, options);
  }

  private static Deferred<SentMail> send(Reactor reactor, ClientEndpoint endpoint, String host,
      String from, List<String> recipients, byte[] message, SenderOptions options) {
    ESMTPSender sender;
    try {
      sender = new ESMTPSender(reactor, options, from, recipients, message);
      sender.setTlsHost(host);
    } catch (IllegalArgumentException e) {
      return Deferred.fail(e);
    }
    Deferred<SentMail> out = new Deferred<>();
    endpoint.connect(Factory.forProtocol(() -> sender)).addCallbacks(p -> {
      sender.result().addCallbacks(sent -> {
        out.callback(sent);
        return null;
      }, f -> {
        out.errback(f.value());
        return null;
      });
      return null;
    }, f -> {
      out.errback(f.value());
      return null;
    });
    return out;
  }
}
