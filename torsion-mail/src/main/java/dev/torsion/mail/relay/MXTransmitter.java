package dev.torsion.mail.relay;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.mail.smtp.SMTPClient;
import dev.torsion.mail.smtp.SMTPError;
import dev.torsion.mail.smtp.SenderOptions;
import dev.torsion.mail.smtp.SentMail;
import java.util.List;

/**
 * Sends to the recipient domain's mail exchangers in preference order (RFC 5321 5.1): the next
 * host is tried when one cannot be reached, has no address, or answers 4xx; a 5xx answer is
 * final. Each host's address comes from the same resolver as the MX records.
 *
 * <pre>{@code
 * Transmitter t = new MXTransmitter(reactor, new MXCalculator(DNSClient.fromResolvConf(reactor, resolvConf)), 25);
 * }</pre>
 */
public final class MXTransmitter implements Transmitter {
  private final Reactor reactor;
  private final MXCalculator mx;
  private final int port;
  private final SenderOptions options;

  public MXTransmitter(Reactor reactor, MXCalculator mx, int port) {
    this(reactor, mx, port, SenderOptions.defaults());
  }

  public MXTransmitter(Reactor reactor, MXCalculator mx, int port, SenderOptions options) {
    this.reactor = reactor;
    this.mx = mx;
    this.port = port;
    this.options = options;
  }

  @Override
  public Deferred<SentMail> send(String domain, String from, List<String> recipients,
      byte[] message) {
    return mx.getMX(domain).addDeferredCallback(
        hosts -> tryHost(hosts, 0, from, recipients, message, null));
  }

  private Deferred<SentMail> tryHost(List<String> hosts, int i, String from,
      List<String> recipients, byte[] message, Throwable last) {
    if (i == hosts.size()) {
      return Deferred.fail(last != null ? last : new SMTPError(451, "4.4.4 no mail exchanger",
          List.of()));
    }
    String host = hosts.get(i);
    Deferred<String> address = isLiteral(host) ? Deferred.succeed(host)
        : mx.resolver().getHostByName(host);
    Deferred<SentMail> out = new Deferred<>();
    address.addDeferredCallback(ip -> SMTPClient.sendmail(reactor, ip, port, from, recipients,
        message, options)).addCallbacks(sent -> {
          out.callback((SentMail) sent);
          return null;
        }, f -> {
          Throwable t = f.value();
          if (t instanceof SMTPError e && e.code() >= 500) {
            out.errback(t); // RFC 5321 4.2.1: permanent; another MX would say the same
          } else {
            tryHost(hosts, i + 1, from, recipients, message, t).addCallbacks(s -> {
              out.callback(s);
              return null;
            }, g -> {
              out.errback(g.value());
              return null;
            });
          }
          return null;
        });
    return out;
  }

  private static boolean isLiteral(String host) {
    return host.matches("[0-9.]+") || host.contains(":");
  }
}
