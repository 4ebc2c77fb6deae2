package dev.torsion.conch.client;

/**
 * The server refused every way the client could log in (key, password): ssh's "Permission
 * denied (publickey,password)".
 *
 * <pre>{@code
 * if (failure.value() instanceof AuthenticationFailed) askForAnotherPassword();
 * }</pre>
 */
public final class AuthenticationFailed extends Exception {
  public AuthenticationFailed(String message) {
    super(message);
  }
}
