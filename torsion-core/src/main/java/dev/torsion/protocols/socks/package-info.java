/**
 * A SOCKS proxy server: SOCKS4 (RFC-less, the 1992 NEC protocol), SOCKS4a (host names) and
 * SOCKS5 (RFC 1928) CONNECT, without authentication, with an optional allow-list of
 * destinations; and {@link dev.torsion.protocols.socks.Relay}, the two-way splice with
 * backpressure that it shares with the {@code portforward} plugin.
 *
 * <p>Twisted ships SOCKS4 as {@code twisted.protocols.socks}; this package adds 4a and 5.
 */
package dev.torsion.protocols.socks;
