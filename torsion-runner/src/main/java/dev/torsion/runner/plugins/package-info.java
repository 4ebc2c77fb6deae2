/**
 * The plugins that ship with the runner: echo, discard, chargen, daytime, qotd, portforward,
 * socks and run. Each is thin: it reads its options and wires a protocol's factory to an
 * endpoint.
 */
package dev.torsion.runner.plugins;
