/** FTP for Torsion, Twisted's {@code twisted.protocols.ftp}: a server rooted in a directory and a client. */
package dev.torsion.ftp;
