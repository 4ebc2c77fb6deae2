package dev.torsion.cred;

import dev.torsion.cred.internal.Hex;
import java.security.SecureRandom;
import java.util.Objects;

/**
 * An answer to a CRAM-MD5 challenge (RFC 2195, used by SMTP AUTH and IMAP AUTHENTICATE): the
 * client proves it knows the password by sending {@code username HMAC-MD5(password, challenge)}
 * in hex. Twisted's {@code CramMD5Credentials}.
 *
 * <pre>{@code
 * String challenge = CramMD5Credentials.newChallenge("mail.example.com");
 * send("334 " + base64(challenge));
 * CramMD5Credentials creds = CramMD5Credentials.fromResponse(challenge, base64Decode(line));
 * portal.login(creds, peer, null, Mailbox.class);
 * }</pre>
 */
public final class CramMD5Credentials implements UsernameHashedPassword {
  private static final SecureRandom RANDOM = new SecureRandom();

  private final String challenge;
  private final String username;
  private final String response;

  public CramMD5Credentials(String challenge, String username, String response) {
    this.challenge = Objects.requireNonNull(challenge, "challenge");
    this.username = Objects.requireNonNull(username, "username");
    this.response = Objects.requireNonNull(response, "response");
  }

  /**
   * A fresh challenge in RFC 2195's form, {@code <random.time@host>}: unique per use, so a
   * recorded answer cannot be replayed.
   */
  public static String newChallenge(String host) {
    return "<" + Long.toUnsignedString(RANDOM.nextLong()) + "." + System.currentTimeMillis()
        + "@" + host + ">";
  }

  /**
   * The credentials in the client's decoded response {@code "username hexdigest"}; an
   * IllegalArgumentException when it is not of that form.
   */
  public static CramMD5Credentials fromResponse(String challenge, String decodedResponse) {
    int space = decodedResponse.lastIndexOf(' ');
    if (space <= 0 || space == decodedResponse.length() - 1) {
      throw new IllegalArgumentException("a CRAM-MD5 response is 'username digest'");
    }
    return new CramMD5Credentials(challenge, decodedResponse.substring(0, space),
        decodedResponse.substring(space + 1));
  }

  /** What a client sends for {@code challenge}: {@code "username hexdigest"} (to be base64ed). */
  public static String respond(String challenge, String username, String password) {
    return username + " " + Hex.hmacMd5(password, challenge);
  }

  public String challenge() {
    return challenge;
  }

  @Override
  public String username() {
    return username;
  }

  @Override
  public boolean checkPassword(String password) {
    return ConstantTime.equals(Hex.hmacMd5(password, challenge), response.toLowerCase(java.util.Locale.ROOT));
  }

  @Override
  public String toString() {
    return "CramMD5Credentials[" + username + "]";
  }
}
