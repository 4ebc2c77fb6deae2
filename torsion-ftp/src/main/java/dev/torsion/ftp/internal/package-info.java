/**
 * The FTP module's internals: command and address parsing, path confinement, listing formats,
 * the data-connection plumbing and the off-reactor file streams. Not API; do not use.
 */
package dev.torsion.ftp.internal;
