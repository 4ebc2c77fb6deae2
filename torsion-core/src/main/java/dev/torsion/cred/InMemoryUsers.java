package dev.torsion.cred;

import dev.torsion.internet.Deferred;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * Users and their plaintext passwords held in memory: Twisted's {@code
 * InMemoryUsernamePasswordDatabaseDontUse}, for tests and for {@code --user NAME=PASSWORD}. It is
 * the one checker that can verify challenge answers ({@link UsernameHashedPassword}: CRAM-MD5,
 * APOP, HTTP Digest), since those need the plaintext. Checks are cheap, so they run at once on the
 * calling thread.
 *
 * <pre>{@code
 * InMemoryUsers users = new InMemoryUsers().addUser("alice", "s3cret");
 * Portal portal = new Portal(realm, users);
 * }</pre>
 */
public final class InMemoryUsers implements CredentialsChecker {
  private final Map<String, String> passwords = new ConcurrentHashMap<>();

  /** Adds (or replaces) a user. The name must be non-empty. */
  public InMemoryUsers addUser(String username, String password) {
    if (username.isEmpty()) {
      throw new IllegalArgumentException("a user name cannot be empty");
    }
    passwords.put(username, password);
    return this;
  }

  /** True when {@code username} is one of these users. */
  public boolean hasUser(String username) {
    return passwords.containsKey(username);
  }

  /** The user names, in no order. */
  public Set<String> usernames() {
    return Set.copyOf(passwords.keySet());
  }

  @Override
  public Set<Class<? extends Credentials>> credentialInterfaces() {
    return Set.of(UsernamePassword.class, UsernameHashedPassword.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    String username;
    boolean ok;
    if (credentials instanceof UsernamePassword up) {
      username = up.username();
      ok = check(username, up::checkPassword);
    } else if (credentials instanceof UsernameHashedPassword hp) {
      username = hp.username();
      ok = check(username, hp::checkPassword);
    } else {
      return Deferred.fail(new UnhandledCredentials("not a username and password: " + credentials));
    }
    return ok ? Deferred.succeed(username) : Deferred.fail(new UnauthorizedLogin());
  }

  private boolean check(String username, java.util.function.Predicate<String> matches) {
    String stored = passwords.get(username);
    // An unknown user is checked against a password that cannot match, so that both take as long.
    boolean ok = matches.test(stored == null ? UNKNOWN_USER_PASSWORD : stored);
    return ok && stored != null;
  }

  private static final String UNKNOWN_USER_PASSWORD = "\u0000no such user\u0000";
}
