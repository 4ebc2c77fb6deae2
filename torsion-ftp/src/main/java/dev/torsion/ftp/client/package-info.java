/**
 * The FTP client, Twisted's {@code FTPClient}: {@link dev.torsion.ftp.client.FTPClient} queues
 * commands on one control connection and returns Deferreds of the replies; transfers hand the
 * data connection to a Protocol (downloads) or give an {@link dev.torsion.ftp.client.FTPUpload}
 * consumer (uploads); {@link dev.torsion.ftp.client.FTPFileListProtocol} parses LIST.
 */
package dev.torsion.ftp.client;
