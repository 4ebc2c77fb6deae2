package dev.torsion.cred;

/**
 * A username with proof that the client knows the password, without the password itself: the
 * answer to a challenge (CRAM-MD5, APOP, HTTP Digest). Twisted's {@code IUsernameHashedPassword}.
 * Only a checker that holds the plaintext password can verify it, so a password file of one-way
 * hashes cannot: {@link InMemoryUsers} can.
 *
 * <pre>{@code
 * UsernameHashedPassword offered = CramMD5Credentials.respond(...);
 * if (offered.checkPassword(plaintextFromStore)) { ... }
 * }</pre>
 */
public interface UsernameHashedPassword extends Credentials {
  String username();

  /** Whether the client's answer is the one {@code password} gives, in constant time. */
  boolean checkPassword(String password);
}
