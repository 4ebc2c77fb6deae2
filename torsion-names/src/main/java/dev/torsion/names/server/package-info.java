/**
 * DNS servers, Twisted's {@code twisted.names.server} and {@code authority}: zone files, zones,
 * authorities (from files or transferred from a primary) and {@link
 * dev.torsion.names.server.DNSServerFactory}, which answers over UDP and TCP.
 */
package dev.torsion.names.server;
