/** The SOCKS client handshake and endpoint parser; not for use outside the socks package. */
package dev.torsion.protocols.socks.internal;
