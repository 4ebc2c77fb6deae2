/**
 * AMP, Twisted's Asynchronous Messaging Protocol: {@link dev.torsion.protocols.amp.AMP}, the
 * connection; {@link dev.torsion.protocols.amp.Command}, a command declared with records for its
 * arguments and response; {@link dev.torsion.protocols.amp.Argument}, the wire types; {@link
 * dev.torsion.protocols.amp.AmpBox}, the key/value box underneath. Byte-compatible with {@code
 * twisted.protocols.amp}, so Java and Python programs call each other's commands.
 */
package dev.torsion.protocols.amp;
