/** DNS for Torsion, Twisted's {@code twisted.names}: the message codec, resolvers and servers. */
package dev.torsion.names;
