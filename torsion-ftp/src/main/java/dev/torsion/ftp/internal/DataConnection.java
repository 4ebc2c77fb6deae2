package dev.torsion.ftp.internal;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
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
public final class DataConnection extends Protocol {
  private final Deferred<DataConnection> made = new Deferred<>();
  private final Deferred<Throwable> lost = new Deferred<>();
  private final List<byte[]> early = new ArrayList<>();
  private Consumer<byte[]> receiver;

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

  @Override
  public void connectionLost(Failure reason) {
    if (!made.called()) {
      made.errback(reason.value());
    }
    lost.callback(reason.value());
  }
}
