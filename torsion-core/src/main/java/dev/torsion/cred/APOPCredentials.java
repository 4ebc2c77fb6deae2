package dev.torsion.cred;

import dev.torsion.cred.internal.Hex;
import java.util.Objects;

/**
 * A POP3 APOP login (RFC 1939 section 7): the client sends {@code MD5(timestamp + password)} in
 * hex, where the timestamp is the one in the server's greeting. Twisted's {@code
 * APOPCredentials}.
 *
 * <pre>{@code
 * String stamp = "<" + pid + "." + clock + "@" + host + ">";   // in the +OK greeting
 * APOPCredentials creds = new APOPCredentials(stamp, name, digest);
 * portal.login(creds, peer, null, Mailbox.class);
 * }</pre>
 */
public final class APOPCredentials implements UsernameHashedPassword {
  private final String timestamp;
  private final String username;
  private final String digest;

  public APOPCredentials(String timestamp, String username, String digest) {
    this.timestamp = Objects.requireNonNull(timestamp, "timestamp");
    this.username = Objects.requireNonNull(username, "username");
    this.digest = Objects.requireNonNull(digest, "digest");
  }

  /** The digest a client sends: hex MD5 of the greeting's timestamp followed by the password. */
  public static String digest(String timestamp, String password) {
    return Hex.digest("MD5", timestamp + password);
  }

  @Override
  public String username() {
    return username;
  }

  @Override
  public boolean checkPassword(String password) {
    return ConstantTime.equals(digest(timestamp, password), digest.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public String toString() {
    return "APOPCredentials[" + username + "]";
  }
}
