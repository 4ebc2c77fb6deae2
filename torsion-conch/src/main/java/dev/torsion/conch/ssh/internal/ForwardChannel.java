package dev.torsion.conch.ssh.internal;

import dev.torsion.internet.ClientFactory;
import dev.torsion.internet.Connector;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;

/**
 * A TCP connection carried over a channel: "direct-tcpip" (ssh -L, we connect out) and
 * "forwarded-tcpip" (ssh -R, we accepted a connection and open the channel to the client).
 * Backpressure both ways: the socket is paused while data waits for the client's window, and we
 * grant window back only as the socket's write buffer drains.
 */
final class ForwardChannel extends Channel {
  /** Pause the socket when this much waits for the client's window. */
  private static final long HIGH_WATER = 1024 * 1024;

  private Protocol socket;
  private boolean open;
  private boolean paused;

  ForwardChannel(Connection connection, int id) {
    super(connection, id);
  }

  /** direct-tcpip: connect to host:port, and confirm the channel once connected. */
  void connectTo(String host, int port) {
    ForwardChannel self = this;
    ClientFactory f = new ClientFactory(() -> new Side()) {
      @Override
      public void clientConnectionFailed(Connector c, Failure reason) {
        connection.failOpen(self, 2, "connect failed: " + reason.value().getMessage());
      }
    };
    connection.reactor().connectTCP(host, port, f);
  }

  /** forwarded-tcpip: an accepted socket; the channel opens when the client confirms. */
  Protocol acceptedSide() {
    return new Side();
  }

  @Override
  void confirmed(int remote, long window, int maxPacket) {
    super.confirmed(remote, window, maxPacket);
    open = true;
    if (socket != null) {
      socket.getTransport().resumeProducing();
    }
  }

  /** The TCP side: bytes from the socket go to the channel, and the other way. */
  private final class Side extends Protocol {
    @Override
    public void connectionMade() {
      socket = this;
      if (!open && remoteMaxPacket == 0) {
        // forwarded-tcpip: wait for the client's confirmation before reading
        transport.pauseProducing();
        return;
      }
      open = true;
      connection.confirmOpen(ForwardChannel.this);
    }

    @Override
    public void dataReceived(byte[] data) {
      write(0, data);
      if (queuedBytes() > HIGH_WATER && !paused) {
        paused = true;
        transport.pauseProducing();
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      socket = null;
      if (open) {
        finish();
      }
    }
  }

  @Override
  void windowOpened() {
    if (paused && queuedBytes() < HIGH_WATER / 2 && socket != null) {
      paused = false;
      socket.getTransport().resumeProducing();
    }
  }

  @Override
  void dataReceived(int type, byte[] data) {
    if (socket != null) {
      socket.getTransport().write(data);
    }
    consumed(data.length);
  }

  @Override
  void eofReceived() {
    if (socket != null) {
      try {
        socket.getTransport().loseWriteConnection();
      } catch (UnsupportedOperationException e) {
        socket.getTransport().loseConnection();
      }
    }
  }

  @Override
  void closed() {
    if (socket != null) {
      socket.getTransport().loseConnection();
    }
  }
}
