/**
 * A memcached client, Twisted's {@code twisted.protocols.memcache}: {@link
 * dev.torsion.protocols.memcache.MemCacheProtocol} speaks the text protocol, one Deferred per
 * request, with keys validated before anything is written, replies bounded and requests timed
 * out.
 */
package dev.torsion.protocols.memcache;
