package dev.torsion.cred;

import java.util.Objects;

/**
 * A username with its password in plain text, as SMTP AUTH PLAIN, POP3 USER/PASS, IMAP LOGIN,
 * FTP and HTTP Basic send it: Twisted's {@code IUsernamePassword}.
 *
 * <pre>{@code
 * UsernamePassword offered = new UsernamePassword("alice", "s3cret");
 * boolean ok = offered.checkPassword(storedPlaintext); // constant time
 * }</pre>
 *
 * <p>{@link #toString()} never shows the password.
 */
public final class UsernamePassword implements Credentials {
  private final String username;
  private final String password;

  public UsernamePassword(String username, String password) {
    this.username = Objects.requireNonNull(username, "username");
    this.password = Objects.requireNonNull(password, "password");
  }

  public String username() {
    return username;
  }

  public String password() {
    return password;
  }

  /** Whether {@code expected} is this password, compared in time independent of where they differ. */
  public boolean checkPassword(String expected) {
    return ConstantTime.equals(password, expected);
  }

  @Override
  public String toString() {
    return "UsernamePassword[" + username + "]";
  }
}
