/**
 * SSH version 2, server side, Twisted's {@code twisted.conch.ssh}: {@link
 * dev.torsion.conch.ssh.SSHServerFactory} makes one {@link
 * dev.torsion.conch.ssh.SSHServerTransport} per connection (RFC 4253 transport, RFC 4252 user
 * authentication through cred, RFC 4254 channels); a {@link dev.torsion.conch.ssh.ConchUser}
 * avatar opens {@link dev.torsion.conch.ssh.SSHSession}s and decides about port forwarding;
 * {@link dev.torsion.conch.ssh.HostKey} reads and writes OpenSSH host key files. The wire
 * format, ciphers and key exchanges live in {@code ssh.internal}; see docs/design/ssh.md.
 */
package dev.torsion.conch.ssh;
