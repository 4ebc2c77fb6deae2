/**
 * HTTP/2 for torsion-web: {@link dev.torsion.web.http2.Http2Limits}, the limits an HTTP/2
 * server connection holds its client to. The protocol itself lives in the internal package.
 */
package dev.torsion.web.http2;
