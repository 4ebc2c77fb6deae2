package dev.torsion.words.irc;

/**
 * How IRC folds the case of nicknames and channel names, as a server announces it with {@code
 * CASEMAPPING} in its 005 reply: Twisted's {@code irc.lower} is the {@link #RFC1459} one.
 *
 * <p>RFC 1459 section 2.2 says the characters <code>{}|~</code> are the lower case of <code>[]\^</code>,
 * because of IRC's Scandinavian origin, so {@code [Bot]} and {@code {bot}} are the same nick.
 *
 * <pre>{@code
 * CaseMapping.RFC1459.lower("[Bot]^");         // "{bot}~"
 * CaseMapping.RFC1459.equals("Nick", "nICK");  // true
 * }</pre>
 */
public enum CaseMapping {
  /** Only A-Z fold to a-z. */
  ASCII("ascii", 'Z'),
  /** A-Z and <code>[\]^</code> fold to a-z and <code>{|}~</code> (RFC 1459 section 2.2). */
  RFC1459("rfc1459", '^'),
  /** As {@link #RFC1459} but {@code ^} and {@code ~} stay apart. */
  STRICT_RFC1459("strict-rfc1459", ']');

  private final String token;
  private final char last;

  CaseMapping(String token, char last) {
    this.token = token;
    this.last = last;
  }

  /** The name used in {@code CASEMAPPING=}. */
  public String token() {
    return token;
  }

  /** {@code s} folded to lower case under this mapping. */
  public String lower(String s) {
    StringBuilder out = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      char l = lower(c);
      if (l != c && out == null) {
        out = new StringBuilder(s.length()).append(s, 0, i);
      }
      if (out != null) {
        out.append(l);
      }
    }
    return out == null ? s : out.toString();
  }

  /** True when {@code a} and {@code b} fold to the same string. */
  public boolean equals(String a, String b) {
    return a.length() == b.length() && lower(a).equals(lower(b));
  }

  private char lower(char c) {
    if (c >= 'A' && c <= 'Z') {
      return (char) (c + 32);
    }
    // '[' '\\' ']' '^' are 0x5B-0x5E; their lower forms '{' '|' '}' '~' are 32 above.
    if (this != ASCII && c >= '[' && c <= last) {
      return (char) (c + 32);
    }
    return c;
  }
}
