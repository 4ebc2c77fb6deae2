package dev.torsion.cred;

import dev.torsion.internet.Deferred;
import java.util.Set;

/**
 * Decides whether credentials prove an identity, and which: Twisted's {@code
 * ICredentialsChecker}. The answer is a Deferred of the avatar id (the user's name, normally),
 * or a failure with {@link UnauthorizedLogin}. A checker that does slow work (a bcrypt or PBKDF2
 * hash, a file read) does it on the thread pool, never on the reactor thread.
 *
 * <pre>{@code
 * CredentialsChecker users = new InMemoryUsers().addUser("alice", "s3cret");
 * users.requestAvatarId(new UsernamePassword("alice", "s3cret"))
 *     .addCallback(id -> ...);  // "alice"
 * }</pre>
 */
public interface CredentialsChecker {
  /** The kinds of {@link Credentials} this checker understands. */
  Set<Class<? extends Credentials>> credentialInterfaces();

  /**
   * The avatar id the credentials prove, or a failure: {@link UnauthorizedLogin} for a wrong
   * password or an unknown user alike (the same error either way, so a client learns nothing
   * about which names exist).
   */
  Deferred<String> requestAvatarId(Credentials credentials);
}
