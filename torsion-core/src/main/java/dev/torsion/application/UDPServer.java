package dev.torsion.application;

import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.UDPPort;
import java.util.Objects;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A service that listens for datagrams while it runs: Twisted's {@code internet.UDPServer}.
 *
 * <pre>{@code
 * new UDPServer(reactor, 8007, new DatagramEcho(), "").setServiceParent(application);
 * }</pre>
 */
public class UDPServer extends Service {
  private static final Logger LOG = LoggerFactory.getLogger(UDPServer.class);

  private final Reactor reactor;
  private final int portNumber;
  private final DatagramProtocol protocol;
  private final String iface;
  private UDPPort port;

  /** Listens on {@code port} (0 for any) of {@code iface} ("" for all) with {@code protocol}. */
  public UDPServer(Reactor reactor, int port, DatagramProtocol protocol, String iface) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.portNumber = port;
    this.protocol = Objects.requireNonNull(protocol, "protocol");
    this.iface = Objects.requireNonNull(iface, "iface");
  }

  /** The port while listening, else null. */
  public UDPPort getPort() {
    return port;
  }

  @Override
  public Deferred<Void> startService() {
    super.startService();
    String where = "udp:" + portNumber + (iface.isEmpty() ? "" : ":interface=" + iface);
    try {
      port = reactor.listenUDP(portNumber, protocol, iface, 8192);
    } catch (CannotListenError e) {
      String reason = e.getMessage();
      int colon = reason == null ? -1 : reason.indexOf(": ");
      if (colon >= 0) {
        reason = reason.substring(colon + 2);
      }
      return Deferred.fail(new CannotListenError("cannot listen on " + where + ": " + reason, e));
    }
    String who = StreamServerEndpointService.label(this, protocol.getClass().getSimpleName());
    LOG.info("{} listening on {} ({})", who, where,
        StreamServerEndpointService.address(port.getHost()));
    return null;
  }

  @Override
  public Deferred<Void> stopService() {
    super.stopService();
    UDPPort p = port;
    port = null;
    return p == null ? null : p.stopListening();
  }
}
