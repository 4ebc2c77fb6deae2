/**
 * Internals of Torsion's HTTP/2 (RFC 9113) and HPACK (RFC 7541): the frame reader and writer,
 * the HPACK coder with its Huffman code, and the server connection that maps streams onto
 * {@link dev.torsion.web.server.Request}. Not for applications: no compatibility promise.
 */
package dev.torsion.web.http2.internal;
