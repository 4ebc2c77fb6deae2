package dev.torsion.application.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import java.util.function.Consumer;

/**
 * The factory a service hands its endpoint in place of the user's: it builds the user's protocol
 * inside a {@link WatchedProtocol} so the service hears each connection come and go, and starts
 * and stops the user's factory along with itself (Twisted's {@code policies.WrappingFactory},
 * cut down). A refusal ({@code null} from the user's factory) stays a refusal.
 */
public class WatchingFactory extends Factory {
  private final Factory wrapped;
  private final Consumer<WatchedProtocol> onMade;
  private final Consumer<WatchedProtocol> onLost;

  public WatchingFactory(
      Factory wrapped, Consumer<WatchedProtocol> onMade, Consumer<WatchedProtocol> onLost) {
    this.wrapped = wrapped;
    this.onMade = onMade;
    this.onLost = onLost;
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    Protocol inner = wrapped.buildProtocol(addr);
    if (inner == null) {
      return null;
    }
    return new WatchedProtocol(inner, onMade, onLost);
  }

  @Override
  public void startFactory() {
    wrapped.doStart();
  }

  @Override
  public void stopFactory() {
    wrapped.doStop();
  }
}
