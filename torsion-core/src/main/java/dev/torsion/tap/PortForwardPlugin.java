package dev.torsion.tap;

import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Required;
import dev.torsion.application.Service;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.HostnameEndpoint;
import dev.torsion.protocols.socks.Relay;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.UsageError;
import java.util.List;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * {@code torsion portforward --listen tcp:8080 --dest example.com:80}: a TCP proxy, Twisted's
 * {@code twist portforward}. Each accepted connection gets its own connection to the destination
 * and bytes flow both ways with backpressure (see {@link Relay}).
 *
 * <pre>{@code
 * ./torsion portforward --listen tcp:8080 --dest example.com:80
 * }</pre>
 */
public final class PortForwardPlugin implements Plugin {
  private static final Logger LOG = LoggerFactory.getLogger(PortForwardPlugin.class);

  /** Its factories share no mutable state, and protocols time and connect on their own reactor. */
  @Override
  public final boolean supportsManyReactors() {
    return true;
  }

  @Override
  public String name() {
    return "portforward";
  }

  @Override
  public String description() {
    return "TCP proxy: forwards every connection on --listen to --dest HOST:PORT";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.value("listen", "ENDPOINT", null, "where to accept connections (required)"),
        Option.value("dest", "HOST:PORT", null, "where to forward them (required)"),
        Option.value("connect-timeout", "SECONDS", "30", "give up on the destination after this long"));
  }

  @Override
  public Service makeService(Options options) {
    String listen = Required.get(options, "listen");
    HostPort dest = HostPort.parse("--dest", Required.get(options, "dest"));
    double timeout = Required.seconds(options, "connect-timeout");
    Reactor reactor = options.reactor();
    Factory factory =
        Factory.forProtocol(
            () -> new Forwarder(new HostnameEndpoint(reactor, dest.host(), dest.port(), timeout, null,
                HostnameEndpoint.DEFAULT_ATTEMPT_DELAY), dest.toString()));
    return Listen.service(listen, factory, reactor);
  }

  /** One forwarded connection: holds the client until the destination answers, then relays. */
  static final class Forwarder extends Protocol implements HalfCloseableProtocol {
    private final HostnameEndpoint destination;
    private final String destName;
    private Relay relay;
    private boolean connected;
    private boolean clientEof;
    private java.io.ByteArrayOutputStream early;

    Forwarder(HostnameEndpoint destination, String destName) {
      this.destination = destination;
      this.destName = destName;
    }

    @Override
    public void connectionMade() {
      relay = new Relay(transport);
      transport.pauseProducing();
      destination
          .connect(relay.outboundFactory())
          .addCallbacks(
              p -> {
                connected = true;
                if (early != null) {
                  relay.fromInbound(early.toByteArray());
                  early = null;
                }
                relay.start();
                if (clientEof) {
                  relay.inboundReadClosed();
                }
                return null;
              },
              f -> {
                LOG.info("cannot forward {} to {}: {}", transport.getPeer(), destName, f.getErrorMessage());
                transport.loseConnection();
                return null;
              });
    }

    @Override
    public void dataReceived(byte[] data) {
      if (connected) {
        relay.fromInbound(data);
      } else {
        // Reading is paused while connecting; at most one read's worth lands here.
        if (early == null) {
          early = new java.io.ByteArrayOutputStream();
        }
        early.writeBytes(data);
      }
    }

    @Override
    public void readConnectionLost() {
      if (connected) {
        relay.inboundReadClosed();
      } else {
        clientEof = true;
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      relay.inboundConnectionLost();
    }
  }
}
