package dev.torsion.internet;

/**
 * The path of a Unix domain socket: Twisted's {@code UNIXAddress}.
 *
 * @param name the socket's path in the file system, or null for an unbound client end
 */
public record UNIXAddress(String name) implements Address {}
