package dev.torsion.internet;

/**
 * An IPv6 address and port, for TCP or UDP: Twisted's {@code IPv6Address}.
 *
 * @param type "TCP" or "UDP"
 * @param host the address in its textual form, without brackets
 * @param port the port number
 */
public record IPv6Address(String type, String host, int port) implements Address {}
