package dev.torsion.internet;

import java.util.Objects;
import java.util.function.Supplier;

/**
 * Makes a protocol for each new connection and holds state they share: Twisted's {@code Factory}.
 *
 * <pre>{@code
 * Factory echo = Factory.forProtocol(Echo::new);
 * reactor.listenTCP(8007, echo);
 * }</pre>
 *
 * <p>Subclass it to share state (a chat server's list of users) and override {@link
 * #buildProtocol}; returning null there refuses the connection. {@link #startFactory} and {@link
 * #stopFactory} run when the first port using the factory opens and the last one closes.
 */
public class Factory {
  private final Supplier<? extends Protocol> protocol;
  private int numPorts;

  /** A factory whose {@link #buildProtocol} must be overridden. */
  protected Factory() {
    this.protocol = null;
  }

  /** A factory building protocols from {@code protocol}. */
  public Factory(Supplier<? extends Protocol> protocol) {
    this.protocol = Objects.requireNonNull(protocol, "protocol");
  }

  /** A factory building protocols from {@code protocol}: Twisted's {@code Factory.forProtocol}. */
  public static Factory forProtocol(Supplier<? extends Protocol> protocol) {
    return new Factory(protocol);
  }

  /** A new protocol for a connection from {@code addr}, or null to refuse the connection. */
  public Protocol buildProtocol(Address addr) {
    if (protocol == null) {
      throw new IllegalStateException(getClass().getName() + " must override buildProtocol");
    }
    Protocol p = protocol.get();
    p.setFactory(this);
    return p;
  }

  /** Called by a port as it starts using this factory; runs {@link #startFactory} on the first. */
  public final synchronized void doStart() {
    if (numPorts++ == 0) {
      startFactory();
    }
  }

  /** Called by a port as it stops using this factory; runs {@link #stopFactory} on the last. */
  public final synchronized void doStop() {
    if (numPorts == 0) {
      return;
    }
    if (--numPorts == 0) {
      stopFactory();
    }
  }

  /** Called before the first port using this factory starts. */
  public void startFactory() {}

  /** Called after the last port using this factory stops. */
  public void stopFactory() {}

  /**
   * How log lines name this factory ("Site starting on 0.0.0.0:8080"): Twisted's {@code
   * logPrefix}. The class's simple name unless overridden.
   */
  public String logPrefix() {
    String simple = getClass().getSimpleName();
    return simple.isEmpty() ? getClass().getName() : simple;
  }
}
