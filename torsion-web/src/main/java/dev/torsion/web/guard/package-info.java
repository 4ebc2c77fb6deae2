/**
 * HTTP authentication for any resource tree, through cred: Twisted's {@code twisted.web.guard}.
 * {@link dev.torsion.web.guard.HTTPAuthSessionWrapper} challenges with Basic (RFC 7617) and
 * Digest (RFC 7616, SHA-256 and MD5) and renders the realm's avatar resource once a portal has
 * logged the user in.
 */
package dev.torsion.web.guard;
