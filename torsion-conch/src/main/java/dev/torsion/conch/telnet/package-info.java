/**
 * Telnet (RFC 854) with option negotiation (ECHO, SGA, NAWS, TTYPE): {@link
 * dev.torsion.conch.telnet.TelnetProtocol} to subclass for a telnet server, Twisted's {@code
 * twisted.conch.telnet}.
 */
package dev.torsion.conch.telnet;
