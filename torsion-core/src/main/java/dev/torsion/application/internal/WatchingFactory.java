package dev.torsion.application.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ssl.ProtocolNegotiationFactory;
import java.util.List;
import java.util.function.Consumer;

/**
 * The factory a service hands its endpoint in place of the user's: it builds the user's protocol
 * inside a {@link WatchedProtocol} so the service hears each connection come and go, and starts
 * and stops the user's factory along with itself (Twisted's {@code policies.WrappingFactory},
 * cut down). A refusal ({@code null} from the user's factory) stays a refusal. The user's ALPN
 * protocols show through ({@link ProtocolNegotiationFactory}), so a Site behind a service's
 * {@code ssl:} listener still offers h2.
 */
public class WatchingFactory extends Factory implements ProtocolNegotiationFactory {
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

  /** The wrapped factory's ALPN protocols; none when it names none. */
  @Override
  public List<String> acceptableProtocols() {
    return wrapped instanceof ProtocolNegotiationFactory negotiating
        ? negotiating.acceptableProtocols() : List.of();
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
