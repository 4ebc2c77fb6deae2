package dev.torsion.internet;

/**
 * A port accepting connections or datagrams: Twisted's {@code IListeningPort}.
 *
 * <pre>{@code
 * ListeningPort port = reactor.listenTCP(0, factory);
 * int n = ((IPv4Address) port.getHost()).port();   // the port the system picked
 * port.stopListening().addCallback(ignored -> ...);
 * }</pre>
 */
public interface ListeningPort {
  /** The address this port is bound to; for port 0, the one the system picked. */
  Address getHost();

  /** Stops accepting; the Deferred fires once the port is closed. Existing connections stay. */
  Deferred<Void> stopListening();
}
