/**
 * Endpoints: where to listen and where to connect, as values that code can take instead of
 * calling {@code listenTCP} or {@code connectTCP} itself. Twisted's {@code
 * twisted.internet.endpoints}.
 *
 * <p>{@link dev.torsion.internet.endpoints.ServerEndpoint#listen} and {@link
 * dev.torsion.internet.endpoints.ClientEndpoint#connect} return Deferreds: the listening port,
 * or the protocol once connected. {@link dev.torsion.internet.endpoints.Endpoints} builds them
 * from strings such as {@code "tcp:8080:interface=127.0.0.1"} or {@code "unix:/run/app.sock"}, so
 * a server's address is configuration, not code; new string types plug in through {@link
 * java.util.ServiceLoader} ({@link dev.torsion.internet.endpoints.ServerEndpointParser}, {@link
 * dev.torsion.internet.endpoints.ClientEndpointParser}). {@link
 * dev.torsion.internet.endpoints.HostnameEndpoint} connects to a name over all its addresses with
 * Happy Eyeballs (RFC 8305).
 *
 * <pre>{@code
 * ServerEndpoint where = Endpoints.serverFromString(reactor, args[0]);   // "tcp:8007"
 * where.listen(Factory.forProtocol(Echo::new));
 * }</pre>
 *
 * <p>Endpoints use only the public {@link dev.torsion.internet.Reactor} interface; the {@code
 * internal} subpackage holds the description parser and the built-in string parsers.
 */
package dev.torsion.internet.endpoints;
