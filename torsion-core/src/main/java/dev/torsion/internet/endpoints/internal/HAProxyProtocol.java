package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.internal.ProtocolSwitchable;
import dev.torsion.internet.internal.ProtocolWrapper;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Reads the PROXY header a connection starts with, then builds the user's protocol for the
 * client's address and hands it a transport whose {@code getPeer()} and {@code getHost()} are
 * the ones the header named; every later event passes through. A connection whose header is
 * invalid, or not complete within the timeout, is closed before the user's factory sees it.
 *
 * <pre>
 *   READING_HEADER --valid header--> PASSING (user protocol built, rest of the chunk handed on)
 *        |  \--invalid / timeout / EOF--> closed
 * </pre>
 */
final class HAProxyProtocol extends Protocol implements HalfCloseableProtocol, ProtocolWrapper {
  private static final Logger LOG = LoggerFactory.getLogger(HAProxyProtocol.class);

  private final Factory userFactory;
  private final ReactorTime fallbackTime;
  private final double timeoutSeconds;
  private ProxyHeaderParser parser;
  private DelayedCall timer;
  /** The protocol events go to once the header is read: the user's, or a TLS layer after STARTTLS. */
  Protocol current;
  private ProxiedTransport proxied;

  HAProxyProtocol(Factory userFactory, ReactorTime time, double timeoutSeconds, ProxyHeaderParser parser) {
    this.userFactory = userFactory;
    this.fallbackTime = time;
    this.timeoutSeconds = timeoutSeconds;
    this.parser = parser;
  }

  @Override
  public void connectionMade() {
    // The connection's own reactor: in a group, the one this connection lives on.
    ReactorTime time = transport instanceof ProtocolSwitchable
        && ((ProtocolSwitchable) transport).reactorTime() != null
        ? ((ProtocolSwitchable) transport).reactorTime() : fallbackTime;
    if (time != null && timeoutSeconds > 0) {
      timer = time.callLater(timeoutSeconds, () -> {
        timer = null;
        refuse("no PROXY header within " + timeoutSeconds + " s");
      });
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    if (current != null) {
      current.dataReceived(data);
      return;
    }
    if (parser == null) {
      return; // refused: the close is on its way
    }
    ProxyHeaderParser.Result result;
    try {
      result = parser.feed(data);
    } catch (InvalidProxyHeader e) {
      refuse(e.getMessage());
      return;
    }
    if (result == null) {
      return;
    }
    parser = null;
    cancelTimer();
    ProxyHeader header = result.header();
    Address peer = header.isLocal() ? transport.getPeer() : header.source();
    Address host = header.isLocal() ? transport.getHost() : header.destination();
    Protocol user = userFactory.buildProtocol(peer);
    if (user == null) {
      transport.loseConnection();
      return;
    }
    proxied = new ProxiedTransport(transport, this, peer, host);
    current = user;
    user.makeConnection(proxied);
    if (result.rest().length > 0 && current.isConnected() && !transport.isDisconnecting()) {
      current.dataReceived(result.rest());
    }
  }

  private void refuse(String why) {
    cancelTimer();
    parser = null;
    LOG.info("closing connection from {}: {}", transport.getPeer(), why);
    transport.abortConnection();
  }

  private void cancelTimer() {
    if (timer != null) {
      DelayedCall t = timer;
      timer = null;
      if (t.active()) {
        t.cancel();
      }
    }
  }

  @Override
  public void readConnectionLost() {
    if (current == null) {
      transport.abortConnection(); // EOF inside the header
    } else if (current instanceof HalfCloseableProtocol) {
      ((HalfCloseableProtocol) current).readConnectionLost();
    } else {
      transport.loseConnection(); // what the transport does for a protocol that cannot half-close
    }
  }

  @Override
  public void writeConnectionLost() {
    if (current instanceof HalfCloseableProtocol) {
      ((HalfCloseableProtocol) current).writeConnectionLost();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    cancelTimer();
    if (current != null) {
      current.transportClosed(reason);
    }
  }

  @Override
  public Protocol wrappedProtocol() {
    return current;
  }

  @Override
  public String toString() {
    return "HAProxyProtocol[" + (current == null ? "reading header" : current) + "]";
  }
}
