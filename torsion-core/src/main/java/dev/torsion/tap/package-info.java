/**
 * The {@code ./torsion} plugins for core's own protocols (Twisted's {@code twisted.tap}): echo,
 * discard, chargen, daytime, qotd, portforward and socks. Each is thin: it reads its options and
 * wires a protocol's factory to an endpoint.
 */
package dev.torsion.tap;
