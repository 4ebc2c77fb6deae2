package dev.torsion.internet.ssl;

import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.internal.ProtocolSwitchable;
import java.util.ArrayDeque;

/**
 * Two in-memory transports joined back to back that implement the ProtocolSwitchable hook, so
 * STARTTLS can be tested before every real transport has it. {@link #flush} delivers queued
 * bytes and closes until nothing moves.
 */
final class SwitchablePipe {
  final End server;
  final End client;

  SwitchablePipe(Protocol server, Protocol client) {
    this.server = new End(server, new IPv4Address("TCP", "127.0.0.1", 25));
    this.client = new End(client, new IPv4Address("TCP", "127.0.0.1", 40000));
    this.server.other = this.client;
    this.client.other = this.server;
    server.makeConnection(this.server);
    client.makeConnection(this.client);
  }

  void flush() {
    boolean moved = true;
    while (moved) {
      moved = server.deliver() | client.deliver();
    }
  }

  static final class End implements ProtocolSwitchable {
    Protocol protocol;
    End other;
    final Address address;
    final ArrayDeque<byte[]> queue = new ArrayDeque<>();
    boolean disconnecting;
    boolean closed;

    End(Protocol protocol, Address address) {
      this.protocol = protocol;
      this.address = address;
    }

    /** Hands this end's queued bytes to the other end; closes once drained if asked to. */
    boolean deliver() {
      if (closed) {
        return false;
      }
      if (!queue.isEmpty()) {
        other.protocol.dataReceived(queue.poll());
        return true;
      }
      if (disconnecting) {
        closed = true;
        other.closed = true;
        protocol.transportClosed(Failure.of(new ConnectionDone("closed")));
        other.protocol.transportClosed(Failure.of(new ConnectionDone("closed by peer")));
        return true;
      }
      return false;
    }

    @Override public Protocol currentProtocol() {
      return protocol;
    }

    @Override public void switchProtocol(Protocol p) {
      protocol = p;
    }

    @Override public ReactorTime reactorTime() {
      return null;
    }

    @Override public void write(byte[] data) {
      if (!disconnecting && data.length > 0) {
        queue.add(data);
      }
    }

    @Override public void write(java.nio.ByteBuffer data) {
      byte[] copy = new byte[data.remaining()];
      data.duplicate().get(copy);
      write(copy);
    }

    @Override public void loseConnection() {
      disconnecting = true;
    }

    @Override public void abortConnection() {
      queue.clear();
      disconnecting = true;
    }

    @Override public Address getPeer() {
      return other.address;
    }

    @Override public Address getHost() {
      return address;
    }

    @Override public boolean isDisconnecting() {
      return disconnecting;
    }

    @Override public void registerProducer(Producer producer, boolean streaming) {}

    @Override public void unregisterProducer() {}

    @Override public void pauseProducing() {}

    @Override public void resumeProducing() {}

    @Override public void stopProducing() {
      loseConnection();
    }
  }
}
