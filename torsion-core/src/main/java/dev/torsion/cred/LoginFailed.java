package dev.torsion.cred;

/**
 * A login did not succeed: Twisted's {@code error.LoginFailed}. Catch {@link UnauthorizedLogin}
 * for "wrong credentials", {@link UnhandledCredentials} for "no checker understands these".
 *
 * <pre>{@code
 * portal.login(creds, null, Shell.class)
 *     .addErrback(f -> { f.trap(LoginFailed.class); reply("530 Login incorrect"); return null; });
 * }</pre>
 */
public class LoginFailed extends Exception {
  public LoginFailed(String message) {
    super(message);
  }
}
