/** The {@code ./torsion ftp} plugin: options in, an FTP server on an endpoint out. */
package dev.torsion.ftp.tap;
