package dev.torsion.internet;

/**
 * The address of one end of a connection or port: Twisted's {@code IAddress}.
 *
 * @see IPv4Address
 * @see IPv6Address
 * @see UNIXAddress
 */
public interface Address {}
