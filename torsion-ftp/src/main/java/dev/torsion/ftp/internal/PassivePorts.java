package dev.torsion.ftp.internal;

import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;
import java.util.concurrent.ThreadLocalRandom;

/**
 * The passive ports of one server: which range to listen in, and a bound on how many are open
 * at once across all its connections (each PASV costs a listening socket until the data
 * connection arrives or the transfer ends).
 */
public final class PassivePorts {
  private final int low;
  private final int high;
  private final int maxInUse;
  private int inUse;

  /** {@code low == 0} means any free port the system picks. */
  public PassivePorts(int low, int high, int maxInUse) {
    this.low = low;
    this.high = high;
    this.maxInUse = maxInUse;
  }

  /** Thrown when no passive port can be had: all in use, or none free in the range. */
  public static final class Exhausted extends RuntimeException {
    public Exhausted(String message) {
      super(message);
    }
  }

  /** Listens on {@code iface} at a port of the range; release it with {@link #release}. */
  public synchronized ListeningPort acquire(Reactor reactor, Factory factory, String iface) {
    if (inUse >= maxInUse) {
      throw new Exhausted("too many passive ports in use (" + maxInUse + ")");
    }
    ListeningPort port = null;
    if (low == 0) {
      port = reactor.listenTCP(0, factory, 1, iface);
    } else {
      int span = high - low + 1;
      int start = ThreadLocalRandom.current().nextInt(span); // a random start: ports not guessable in order
      for (int i = 0; i < span && port == null; i++) {
        try {
          port = reactor.listenTCP(low + (start + i) % span, factory, 1, iface);
        } catch (CannotListenError e) {
          // taken: try the next one
        }
      }
      if (port == null) {
        throw new Exhausted("no free passive port in " + low + "-" + high);
      }
    }
    inUse++;
    return port;
  }

  public synchronized void release() {
    inUse--;
  }

  public synchronized int inUse() {
    return inUse;
  }
}
