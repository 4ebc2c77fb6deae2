package dev.torsion.names.server;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.names.Message;
import dev.torsion.protocols.Int16StringReceiver;

/**
 * DNS over TCP (RFC 1035 4.2.2, RFC 7766): each message is preceded by its two-octet length.
 * Queries may be pipelined; answers go out as they are ready. A connection that has more than
 * the allowed queries in flight, or sits idle past the timeout, is closed.
 *
 * <pre>
 *   +--------+--------+----------------------+
 *   | length (16 bit) |  DNS message octets  |
 *   +--------+--------+----------------------+
 * </pre>
 */
final class DNSServerProtocol extends Int16StringReceiver {
  private final DNSServerFactory server;
  private final Reactor reactor;
  private final ServerOptions options;
  private int outstanding;
  private DelayedCall idle;

  DNSServerProtocol(DNSServerFactory server, Reactor reactor, ServerOptions options) {
    this.server = server;
    this.reactor = reactor;
    this.options = options;
    MAX_LENGTH = 0xFFFF;
  }

  @Override
  public void connectionMade() {
    armIdle();
  }

  private void armIdle() {
    if (idle != null && idle.active()) {
      idle.reset(options.tcpIdleTimeout());
    } else {
      idle = reactor.callLater(options.tcpIdleTimeout(), () -> {
        if (outstanding == 0) {
          transport.loseConnection();
        } else {
          armIdle();
        }
      });
    }
  }

  @Override
  public void stringReceived(byte[] query) {
    armIdle();
    if (outstanding >= options.maxOutstandingPerConnection()) {
      transport.loseConnection();
      return;
    }
    outstanding++;
    server.handleBytes(query, true).addCallbacks(messages -> {
      outstanding--;
      if (isConnected() && !transport.isDisconnecting()) {
        for (Message m : messages) {
          sendString(m.toBytes());
        }
        if (messages.isEmpty()) {
          // Not even an id to answer to, or a response sent to us: this is no DNS client.
          transport.loseConnection();
        }
      }
      return null;
    }, f -> {
      outstanding--;
      transport.loseConnection();
      return null;
    });
  }

  @Override
  public void connectionLost(Failure reason) {
    if (idle != null && idle.active()) {
      idle.cancel();
    }
  }
}
