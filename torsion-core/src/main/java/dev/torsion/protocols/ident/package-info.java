/**
 * Ident (RFC 1413), Twisted's {@code twisted.protocols.ident}: {@link
 * dev.torsion.protocols.ident.IdentServer} answering from an {@link
 * dev.torsion.protocols.ident.IdentLookup}, and {@link dev.torsion.protocols.ident.IdentClient}.
 */
package dev.torsion.protocols.ident;
