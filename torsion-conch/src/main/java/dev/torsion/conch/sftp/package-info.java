/**
 * SFTP version 3 (draft-ietf-secsh-filexfer-02): {@link dev.torsion.conch.sftp.SFTPSubsystem},
 * the server side of the "sftp" subsystem, confined to a root directory. Twisted's {@code
 * twisted.conch.ssh.filetransfer}.
 */
package dev.torsion.conch.sftp;
