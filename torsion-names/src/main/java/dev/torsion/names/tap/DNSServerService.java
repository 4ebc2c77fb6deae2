package dev.torsion.names.tap;

import dev.torsion.application.Service;
import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.UDPPort;
import dev.torsion.names.server.DNSServerFactory;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A DNS server's TCP and UDP ports, on the same number: TCP is bound first, so that with port 0
 * UDP takes the number the kernel chose for TCP (RFC 1035 4.2: DNS uses the same port for both).
 */
final class DNSServerService extends Service {
  private static final Logger LOG = LoggerFactory.getLogger(DNSServerService.class);

  private final Reactor reactor;
  private final DNSServerFactory factory;
  private final int port;
  private final String iface;
  private ListeningPort tcp;
  private UDPPort udp;

  DNSServerService(Reactor reactor, DNSServerFactory factory, int port, String iface) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.factory = Objects.requireNonNull(factory, "factory");
    this.port = port;
    this.iface = iface;
  }

  @Override
  public Deferred<Void> startService() {
    super.startService();
    String where = (iface.isEmpty() ? "*" : iface) + ":" + port;
    try {
      tcp = reactor.listenTCP(port, factory, 50, iface);
      int bound = portOf(tcp);
      udp = reactor.listenUDP(bound, factory.datagramProtocol(), iface, 65535);
      LOG.info("DNS server listening on udp+tcp:{} ({}:{})", bound,
          iface.isEmpty() ? "*" : iface, bound);
    } catch (CannotListenError e) {
      if (tcp != null) {
        tcp.stopListening();
        tcp = null;
      }
      return Deferred.fail(new CannotListenError("cannot listen on " + where + ": "
          + e.getMessage(), e));
    }
    return null;
  }

  private static int portOf(ListeningPort p) {
    if (p.getHost() instanceof IPv4Address a) {
      return a.port();
    }
    return ((IPv6Address) p.getHost()).port();
  }

  @Override
  public Deferred<Void> stopService() {
    super.stopService();
    if (udp != null) {
      udp.stopListening();
      udp = null;
    }
    ListeningPort t = tcp;
    tcp = null;
    return t == null ? null : t.stopListening();
  }
}
