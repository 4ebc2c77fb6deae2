/**
 * Internals of Torsion's TLS: the SSLEngine-driving layer, the SNI key manager, DER encoding
 * for keys and certificates. Not API: do not use from outside torsion-core.
 */
package dev.torsion.internet.ssl.internal;
