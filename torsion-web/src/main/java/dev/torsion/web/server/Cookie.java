package dev.torsion.web.server;

import java.time.Instant;

/**
 * A cookie to set on a response, with its attributes: the arguments of Twisted's {@code
 * Request.addCookie}, as an immutable value with a builder.
 *
 * <pre>{@code
 * request.addCookie(Cookie.of("theme", "dark").path("/").maxAge(3600).httpOnly(true)
 *     .sameSite("Lax"));
 * }</pre>
 *
 * @param name the cookie name, an RFC 6265 token
 * @param value the value; no CTLs, whitespace, quotes, commas, semicolons or backslashes
 * @param expires when it expires, or null
 * @param maxAge lifetime in seconds, or -1 for none
 * @param domain the Domain attribute, or null
 * @param path the Path attribute, or null
 * @param secure whether to send it only over https
 * @param httpOnly whether to hide it from scripts
 * @param sameSite "Strict", "Lax", "None", or null
 */
public record Cookie(String name, String value, Instant expires, long maxAge, String domain,
    String path, boolean secure, boolean httpOnly, String sameSite) {

  public Cookie {
    checkToken(name, "cookie name");
    for (int i = 0; i < value.length(); i++) {
      char c = value.charAt(i);
      if (c <= 0x20 || c >= 0x7f || c == '"' || c == ',' || c == ';' || c == '\\') {
        throw new IllegalArgumentException("invalid character in value of cookie " + name);
      }
    }
    checkAttribute(domain, "domain");
    checkAttribute(path, "path");
    if (sameSite != null && !sameSite.matches("(?i)strict|lax|none")) {
      throw new IllegalArgumentException("SameSite must be Strict, Lax or None: " + sameSite);
    }
  }

  /** A session cookie with no attributes. */
  public static Cookie of(String name, String value) {
    return new Cookie(name, value, null, -1, null, null, false, false, null);
  }

  public Cookie expires(Instant when) {
    return new Cookie(name, value, when, maxAge, domain, path, secure, httpOnly, sameSite);
  }

  public Cookie maxAge(long seconds) {
    return new Cookie(name, value, expires, seconds, domain, path, secure, httpOnly, sameSite);
  }

  public Cookie domain(String d) {
    return new Cookie(name, value, expires, maxAge, d, path, secure, httpOnly, sameSite);
  }

  public Cookie path(String p) {
    return new Cookie(name, value, expires, maxAge, domain, p, secure, httpOnly, sameSite);
  }

  public Cookie secure(boolean s) {
    return new Cookie(name, value, expires, maxAge, domain, path, s, httpOnly, sameSite);
  }

  public Cookie httpOnly(boolean h) {
    return new Cookie(name, value, expires, maxAge, domain, path, secure, h, sameSite);
  }

  public Cookie sameSite(String s) {
    return new Cookie(name, value, expires, maxAge, domain, path, secure, httpOnly, s);
  }

  /** The Set-Cookie header value. */
  public String toSetCookie() {
    StringBuilder b = new StringBuilder(name).append('=').append(value);
    if (expires != null) {
      b.append("; Expires=").append(
          dev.torsion.web.internal.DateCache.httpDate(expires.getEpochSecond()));
    }
    if (maxAge >= 0) {
      b.append("; Max-Age=").append(maxAge);
    }
    if (domain != null) {
      b.append("; Domain=").append(domain);
    }
    if (path != null) {
      b.append("; Path=").append(path);
    }
    if (secure) {
      b.append("; Secure");
    }
    if (httpOnly) {
      b.append("; HttpOnly");
    }
    if (sameSite != null) {
      b.append("; SameSite=").append(sameSite);
    }
    return b.toString();
  }

  private static void checkToken(String s, String what) {
    if (s == null || s.isEmpty()) {
      throw new IllegalArgumentException("empty " + what);
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c > 0x7e || !dev.torsion.web.internal.Ascii.isTokenChar((byte) c)) {
        throw new IllegalArgumentException("invalid character in " + what + ": " + s);
      }
    }
  }

  private static void checkAttribute(String s, String what) {
    if (s == null) {
      return;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c < 0x20 || c == 0x7f || c == ';') {
        throw new IllegalArgumentException("invalid character in cookie " + what + ": " + s);
      }
    }
  }
}
