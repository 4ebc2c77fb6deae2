package dev.torsion.internet;

import java.util.function.Supplier;

/**
 * A factory for outgoing connections, told how each attempt goes: Twisted's {@code
 * ClientFactory}.
 *
 * <pre>{@code
 * reactor.connectTCP("example.com", 79, new ClientFactory(FingerClient::new) {
 *   @Override public void clientConnectionFailed(Connector c, Failure reason) {
 *     System.err.println("failed: " + reason.getErrorMessage());
 *   }
 * });
 * }</pre>
 */
public class ClientFactory extends Factory {
  protected ClientFactory() {}

  public ClientFactory(Supplier<? extends Protocol> protocol) {
    super(protocol);
  }

  /** Called when a connection attempt starts. */
  public void startedConnecting(Connector connector) {}

  /** Called when a connection attempt fails; {@code reason} says why (refused, timeout, DNS...). */
  public void clientConnectionFailed(Connector connector, Failure reason) {}

  /** Called when an established connection closes. */
  public void clientConnectionLost(Connector connector, Failure reason) {}
}
