package dev.torsion.names.client;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.UDPPort;
import dev.torsion.names.DNSQueryTimeoutError;
import dev.torsion.names.MalformedMessageError;
import dev.torsion.names.Message;
import java.net.InetAddress;
import java.net.InetSocketAddress;

/**
 * One query over UDP from its own ephemeral port: the kernel's random port choice plus a random
 * id make a blind spoof unlikely. Datagrams from anyone but the server, or that do not answer our
 * question, are ignored; a malformed one from the server fails the exchange.
 */
final class UdpExchange extends DatagramProtocol {
  private final Message query;
  private final InetSocketAddress server;
  private final Deferred<Message> result = new Deferred<>(d -> close());
  private DelayedCall timer;
  private UDPPort port;

  private UdpExchange(Message query, InetSocketAddress server) {
    this.query = query;
    this.server = server;
  }

  static Deferred<Message> send(Reactor reactor, InetSocketAddress server, Message query,
      double timeout) {
    UdpExchange ex = new UdpExchange(query, server);
    String iface = server.getAddress() instanceof java.net.Inet6Address ? "::" : "0.0.0.0";
    try {
      // Port 0: the kernel picks a random ephemeral port for every query (RFC 5452 9.2).
      ex.port = reactor.listenUDP(0, ex, iface, 65535);
    } catch (RuntimeException e) {
      return Deferred.fail(e);
    }
    ex.timer = reactor.callLater(timeout, () -> ex.finish(null,
        new DNSQueryTimeoutError(query.getQueries() + ": no answer from " + server)));
    try {
      ex.port.write(query.toBytes(), address(server));
    } catch (RuntimeException e) {
      ex.finish(null, e);
    }
    return ex.result;
  }

  static Address address(InetSocketAddress s) {
    InetAddress a = s.getAddress();
    return a instanceof java.net.Inet6Address
        ? new IPv6Address("UDP", a.getHostAddress(), s.getPort())
        : new IPv4Address("UDP", a.getHostAddress(), s.getPort());
  }

  @Override
  public void datagramReceived(byte[] data, Address addr) {
    if (!fromServer(addr)) {
      return;
    }
    Message m;
    try {
      m = Message.fromBytes(data);
    } catch (MalformedMessageError e) {
      finish(null, new MalformedMessageError("malformed answer from " + server + ": "
          + e.getMessage()));
      return;
    }
    if (DNSClient.matches(query, m)) {
      finish(m, null);
    }
  }

  private boolean fromServer(Address addr) {
    String host;
    int port;
    if (addr instanceof IPv4Address a) {
      host = a.host();
      port = a.port();
    } else if (addr instanceof IPv6Address a) {
      host = a.host();
      port = a.port();
    } else {
      return false;
    }
    InetAddress from = Literals.parse(host);
    return port == server.getPort() && server.getAddress().equals(from);
  }

  private void finish(Message m, RuntimeException error) {
    if (result.called()) {
      return;
    }
    close();
    if (error != null) {
      result.errback(error);
    } else {
      result.callback(m);
    }
  }

  private void close() {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    if (port != null) {
      port.stopListening();
      port = null;
    }
  }
}
