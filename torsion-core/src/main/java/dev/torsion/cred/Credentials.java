package dev.torsion.cred;

/**
 * What a client offers to prove who it is: Twisted's {@code ICredentials}. A {@link
 * CredentialsChecker} says which kinds it understands, and the {@link Portal} hands each offer to
 * a checker that does.
 *
 * <pre>{@code
 * Credentials offered = new UsernamePassword("alice", "s3cret");
 * portal.login(offered, null, Mailbox.class).addCallback(login -> ...);
 * }</pre>
 *
 * <p>The kinds that ship: {@link UsernamePassword}, {@link UsernameHashedPassword} (CRAM-MD5,
 * APOP, HTTP Digest), {@link SSHPrivateKey} and {@link Anonymous}.
 */
public interface Credentials {}
