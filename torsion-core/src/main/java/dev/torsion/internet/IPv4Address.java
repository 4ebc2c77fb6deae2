package dev.torsion.internet;

/**
 * An IPv4 address and port, for TCP or UDP: Twisted's {@code IPv4Address}.
 *
 * <pre>{@code
 * IPv4Address peer = (IPv4Address) transport.getPeer();
 * log.info("connection from {}:{}", peer.host(), peer.port());
 * }</pre>
 *
 * @param type "TCP" or "UDP"
 * @param host the dotted-quad address
 * @param port the port number
 */
public record IPv4Address(String type, String host, int port) implements Address {}
