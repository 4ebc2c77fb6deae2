package dev.torsion.cred;

/**
 * No checker of the portal understands the credentials offered, or the realm builds none of the
 * interfaces asked for: Twisted's {@code error.UnhandledCredentials}. A server's configuration
 * mistake, not the client's.
 *
 * <pre>{@code
 * new Portal(realm).login(new UsernamePassword("a", "b"), null, Shell.class); // fails: no checkers
 * }</pre>
 */
public final class UnhandledCredentials extends LoginFailed {
  public UnhandledCredentials(String message) {
    super(message);
  }
}
