package dev.torsion.internet;

/**
 * The address of one end of a connection or port: Twisted's {@code IAddress}.
 *
 * <pre>{@code
 * Address peer = transport.getPeer();
 * if (peer instanceof IPv4Address a) {
 *   log.info("connection from {}:{}", a.host(), a.port());
 * } else if (peer instanceof UNIXAddress u) {
 *   log.info("connection on {}", u.name());
 * }
 * }</pre>
 *
 * @see IPv4Address
 * @see IPv6Address
 * @see UNIXAddress
 */
public interface Address {}
