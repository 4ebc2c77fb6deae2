/**
 * The SSH client: {@link dev.torsion.conch.client.SSHClient} connects through any endpoint,
 * checks the host key against {@link dev.torsion.conch.client.KnownHosts}, logs in with a key or
 * a password, and hands over an {@link dev.torsion.conch.client.SSHConnection} to run commands,
 * open shells, forward ports and use SFTP. Twisted's {@code twisted.conch.client} and {@code
 * twisted.conch.endpoints}.
 */
package dev.torsion.conch.client;
