/**
 * Virtual hosting: one site serving several host names from different resource trees, Twisted's
 * {@code twisted.web.vhost}. {@link dev.torsion.web.vhost.NameVirtualHost} picks the tree by the
 * request's Host header.
 */
package dev.torsion.web.vhost;
