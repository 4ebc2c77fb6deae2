package dev.torsion.internet;

/**
 * An outgoing connection, from attempt to close: Twisted's {@code IConnector}, returned by
 * {@link Reactor#connectTCP} and {@link Reactor#connectUNIX}.
 *
 * <pre>{@code
 * Connector c = reactor.connectTCP("localhost", 8007, factory);
 * c.stopConnecting();   // give up if still connecting
 * }</pre>
 */
public interface Connector {
  /** Tries to connect again, e.g. from {@code clientConnectionLost} to reconnect. */
  void connect();

  /** Gives up a connection attempt in progress; the factory hears of it as a failure. */
  void stopConnecting();

  /** Closes the connection, or stops connecting if not yet connected. */
  void disconnect();

  /** Where this connector connects to. */
  Address getDestination();
}
