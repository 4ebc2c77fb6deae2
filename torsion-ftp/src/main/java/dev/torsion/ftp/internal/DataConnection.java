package dev.torsion.ftp.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Transport;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Consumer;

/**
 * The protocol on an FTP data connection (either end, server or client): it only moves bytes.
 * What arrives before anyone listens (a client may start an upload the moment it connects) is
 * held, with reading paused, until {@link #receive} names the receiver.
 */
public final class DataConnection extends Protocol implements HalfCloseableProtocol {
  private final Deferred<DataConnection> made = new Deferred<>();
  private final Deferred<Throwable> lost = new Deferred<>();
  private final List<byte[]> early = new ArrayList<>();
  private Consumer<byte[]> receiver;
  private boolean peerFinished;

  /** Fires once the connection is up. */
  public Deferred<DataConnection> made() {
    return made;
  }

  /**
   * Fires with the reason once the connection is closed (ConnectionDone for a clean close); as
   * a result, not a failure, since every connection ends this way.
   */
  public Deferred<Throwable> lost() {
    return lost;
  }

  public Transport transport() {
    return transport;
  }

  /** From now on every chunk goes to {@code r}, starting with those held so far. */
  public void receive(Consumer<byte[]> r) {
    receiver = r;
    for (byte[] b : early) {
      r.accept(b);
    }
    early.clear();
    if (transport != null && connected) {
      transport.resumeProducing();
    }
  }

  @Override
  public void connectionMade() {
    made.callback(this);
  }

  @Override
  public void dataReceived(byte[] data) {
    if (receiver != null) {
      receiver.accept(data);
    } else {
      early.add(data);
      transport.pauseProducing();
    }
  }

  /**
   * The peer ended its stream properly: a TCP FIN, or under TLS its close_notify (a FIN without
   * one never gets here, it is a truncation). An upload is complete at this point even if the
   * peer then closes before our own close_notify reaches it (which shows as a broken pipe).
   */
  @Override
  public void readConnectionLost() {
    peerFinished = true;
    transport.loseConnection();
  }

  /** Whether the peer ended its stream properly before the connection closed. */
  public boolean peerFinished() {
    return peerFinished;
  }

  @Override
  public void connectionLost(Failure reason) {
    if (!made.called()) {
      made.errback(reason.value());
    }
    lost.callback(reason.value());
  }
}
