package dev.torsion.cred;

/**
 * The credentials were wrong, or named no user: Twisted's {@code error.UnauthorizedLogin}. The
 * message is the same for both, so that it tells a client nothing about which names exist.
 *
 * <pre>{@code
 * d.addErrback(f -> { f.trap(UnauthorizedLogin.class); reply("535 5.7.8 Authentication failed"); return null; });
 * }</pre>
 */
public class UnauthorizedLogin extends LoginFailed {
  /** The message every checker gives for a wrong password and an unknown user alike. */
  public static final String MESSAGE = "invalid username or password";

  public UnauthorizedLogin() {
    super(MESSAGE);
  }

  public UnauthorizedLogin(String message) {
    super(message);
  }
}
