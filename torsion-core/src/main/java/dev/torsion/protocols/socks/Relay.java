package dev.torsion.protocols.socks;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;

/**
 * Splices two connections together, bytes flowing both ways with backpressure: what a proxy does
 * once it knows where to connect (Twisted's {@code portforward.ProxyServer}/{@code ProxyClient}
 * pair, as one object).
 *
 * <p>Each transport is registered as the other's streaming producer, so when the client reads
 * slowly the transport towards it passes its high-water mark and pauses reading from the server,
 * and the other way round: memory stays bounded whatever the speeds. A half-close travels through
 * (the peer that stops sending makes us stop sending to the other side); when both directions
 * have ended, or either connection is lost, both are closed.
 *
 * <pre>{@code
 * // in the inbound protocol, once it knows the destination:
 * relay = new Relay(transport);
 * transport.pauseProducing();                      // hold the client until we are connected
 * dialer.connect(host, port, relay.outboundFactory())
 *     .addCallback(p -> { relay.start(); return null; });
 * // and forward its own events:  dataReceived -> relay.fromInbound(data), ...
 * }</pre>
 */
public final class Relay {
  private final Transport inbound;
  private Transport outbound;
  private boolean inboundEof;
  private boolean outboundEof;
  private boolean inboundLost;
  private boolean outboundLost;

  /** A relay for the already-connected {@code inbound} transport. */
  public Relay(Transport inbound) {
    this.inbound = inbound;
  }

  /** A factory for the outgoing connection: its one protocol feeds this relay. */
  public Factory outboundFactory() {
    return new Factory() {
      @Override
      public Protocol buildProtocol(Address addr) {
        Outbound p = new Outbound();
        p.setFactory(this);
        return p;
      }
    };
  }

  /** The outgoing transport, once connected; null before. */
  public Transport outbound() {
    return outbound;
  }

  /**
   * Links the two transports as each other's producers and lets the inbound side read again.
   * Call once the outgoing connection is up and anything the client sent early is written.
   */
  public void start() {
    if (outbound == null || inboundLost) {
      return;
    }
    inbound.registerProducer(outbound, true);
    outbound.registerProducer(inbound, true);
    inbound.resumeProducing();
  }

  /** Bytes from the inbound peer, for the outbound one. */
  public void fromInbound(byte[] data) {
    outbound.write(data);
  }

  /** The inbound peer will send nothing more. */
  public void inboundReadClosed() {
    inboundEof = true;
    if (outbound == null) {
      return;
    }
    if (outboundEof) {
      closeBoth();
    } else {
      halfClose(outbound);
    }
  }

  /** The inbound connection is gone: finish sending to the outbound side, then close it. */
  public void inboundConnectionLost() {
    inboundLost = true;
    if (outbound != null && !outboundLost) {
      outbound.loseConnection();
    }
  }

  private void closeBoth() {
    inbound.loseConnection();
    if (outbound != null) {
      outbound.loseConnection();
    }
  }

  private void halfClose(Transport t) {
    try {
      t.loseWriteConnection();
    } catch (UnsupportedOperationException e) {
      closeBoth();
    }
  }

  /** The protocol on the outgoing connection. */
  private final class Outbound extends Protocol implements HalfCloseableProtocol {
    @Override
    public void connectionMade() {
      outbound = transport;
      if (inboundLost) {
        transport.loseConnection();
      }
    }

    @Override
    public void dataReceived(byte[] data) {
      inbound.write(data);
    }

    @Override
    public void readConnectionLost() {
      outboundEof = true;
      if (inboundEof) {
        closeBoth();
      } else {
        halfClose(inbound);
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      outboundLost = true;
      if (!inboundLost) {
        inbound.loseConnection();
      }
    }
  }
}
