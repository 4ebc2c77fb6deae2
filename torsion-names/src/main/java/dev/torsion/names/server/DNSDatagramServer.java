package dev.torsion.names.server;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Reactor;
import dev.torsion.names.Message;

/**
 * DNS over UDP (RFC 1035 4.2.1): one message a datagram, answers cut to 512 octets or the
 * client's EDNS size (RFC 6891 6.2.5), and a per-source response rate limit.
 */
final class DNSDatagramServer extends DatagramProtocol {
  private final DNSServerFactory server;
  private final ServerOptions options;
  private final RateLimiter limiter;

  DNSDatagramServer(DNSServerFactory server, Reactor reactor, ServerOptions options) {
    this.server = server;
    this.options = options;
    this.limiter = new RateLimiter(reactor, options.responsesPerSecond());
  }

  @Override
  public void datagramReceived(byte[] data, Address addr) {
    RateLimiter.Verdict verdict = limiter.check(addr);
    if (verdict == RateLimiter.Verdict.DROP) {
      return;
    }
    server.handleBytes(data, false).addCallback(messages -> {
      for (Message m : messages) {
        int size = 512;
        if (m.getEdns() != null) {
          size = Math.min(options.maxUdpPayload(), Math.max(512, requested(data)));
        }
        if (verdict == RateLimiter.Verdict.SLIP) {
          // A truncated empty answer lets a real client retry over TCP, which is not limited.
          m.getAnswers().clear();
          m.getAuthority().clear();
          m.getAdditional().clear();
          m.setTrunc(true);
        }
        transport.write(DNSServerFactory.fit(m, size), addr);
      }
      return null;
    });
  }

  /** The EDNS UDP size the query offered; 512 when it cannot be read again. */
  private static int requested(byte[] data) {
    try {
      Message q = Message.fromBytes(data);
      return q.getEdns() == null ? 512 : q.getEdns().udpPayloadSize();
    } catch (RuntimeException e) {
      return 512;
    }
  }
}
