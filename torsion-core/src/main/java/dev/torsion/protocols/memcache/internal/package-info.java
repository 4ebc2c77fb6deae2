/** The memcache reply parser; not for use outside the memcache package. */
package dev.torsion.protocols.memcache.internal;
