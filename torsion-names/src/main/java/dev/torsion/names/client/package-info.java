/**
 * DNS clients, Twisted's {@code twisted.names.client}: {@link dev.torsion.names.client.DNSClient}
 * speaks to name servers over UDP and TCP, {@link dev.torsion.names.client.HostsResolver} reads
 * /etc/hosts, {@link dev.torsion.names.client.CacheResolver} remembers answers for their TTL, and
 * {@link dev.torsion.names.client.ReactorResolver} installs the lot as the reactor's resolver.
 */
package dev.torsion.names.client;
