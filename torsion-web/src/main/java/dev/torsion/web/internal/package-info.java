/**
 * Internals of torsion-web: the HTTP/1.1 parser and connection, response encoding, form and
 * multipart parsing. Not API: these classes change without notice.
 */
package dev.torsion.web.internal;
