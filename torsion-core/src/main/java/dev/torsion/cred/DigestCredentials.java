package dev.torsion.cred;

import dev.torsion.cred.internal.Hex;
import java.util.Locale;
import java.util.Objects;

/**
 * An HTTP Digest authorization (RFC 7616, and RFC 2617's MD5 form): the client proves it knows
 * the password by hashing it with the server's nonce, its own cnonce, the request method and URI.
 * Twisted's {@code DigestedCredentials}. The web guard ({@code dev.torsion.web.guard}) makes
 * these from the {@code Authorization} header after checking that the nonce is its own and fresh;
 * this class only checks the hash.
 *
 * <pre>{@code
 * DigestCredentials c = new DigestCredentials("Mufasa", "http-auth@example.org", "GET",
 *     "/dir/index.html", nonce, "00000001", cnonce, "auth", "SHA-256", response);
 * c.checkPassword("Circle of Life");   // true for RFC 7616's example
 * }</pre>
 *
 * @param username the user, as the client sent it
 * @param realm the protection space the server named
 * @param method the request method, which the hash covers
 * @param uri the {@code uri} parameter the client sent (the request target)
 * @param nonce the server's nonce
 * @param nc the nonce count, 8 hex digits, or null without qop
 * @param cnonce the client's nonce, or null without qop
 * @param qop "auth", or null for RFC 2069's form without qop
 * @param algorithm "MD5", "SHA-256", or either with "-sess"
 * @param response the client's hex response
 */
public record DigestCredentials(
    String username, String realm, String method, String uri, String nonce, String nc,
    String cnonce, String qop, String algorithm, String response)
    implements UsernameHashedPassword {
  public DigestCredentials {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(realm, "realm");
    Objects.requireNonNull(method, "method");
    Objects.requireNonNull(uri, "uri");
    Objects.requireNonNull(nonce, "nonce");
    Objects.requireNonNull(response, "response");
    algorithm = algorithm == null ? "MD5" : algorithm;
  }

  /** The response a client computes for {@code password}: RFC 7616 section 3.4.1. */
  public String expectedResponse(String password) {
    String upper = algorithm.toUpperCase(Locale.ROOT);
    boolean sess = upper.endsWith("-SESS");
    String base = sess ? upper.substring(0, upper.length() - 5) : upper;
    String h = switch (base) {
      case "MD5" -> "MD5";
      case "SHA-256" -> "SHA-256";
      case "SHA-512-256" -> "SHA-512/256";
      default -> throw new IllegalArgumentException("unknown digest algorithm " + algorithm);
    };
    String ha1 = Hex.digest(h, username + ":" + realm + ":" + password);
    if (sess) {
      ha1 = Hex.digest(h, ha1 + ":" + nonce + ":" + cnonce);
    }
    String ha2 = Hex.digest(h, method + ":" + uri);
    if (qop == null) {
      return Hex.digest(h, ha1 + ":" + nonce + ":" + ha2);
    }
    return Hex.digest(h, ha1 + ":" + nonce + ":" + nc + ":" + cnonce + ":" + qop + ":" + ha2);
  }

  @Override
  public boolean checkPassword(String password) {
    String expected;
    try {
      expected = expectedResponse(password);
    } catch (IllegalArgumentException e) {
      return false;
    }
    return ConstantTime.equals(expected, response.toLowerCase(Locale.ROOT));
  }

  @Override
  public String toString() {
    return "DigestCredentials[" + username + ", " + realm + "]";
  }
}
