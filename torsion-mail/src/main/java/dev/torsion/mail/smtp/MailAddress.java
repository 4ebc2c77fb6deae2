package dev.torsion.mail.smtp;

import java.util.Locale;

/**
 * A mailbox address, {@code local@domain}, as SMTP's MAIL and RCPT carry it: Twisted's {@code
 * smtp.Address}. Parsing is strict (RFC 5321 4.1.2): no controls, no spaces outside a quoted
 * local part, and never CR, LF or NUL, so an address can never smuggle a command onto the wire.
 *
 * <pre>{@code
 * MailAddress a = MailAddress.parse("alice@example.com");
 * a.localPart();   // "alice"
 * a.domain();      // "example.com"
 * }</pre>
 */
public record MailAddress(String localPart, String domain) {
  /** RFC 5321 4.5.3.1.1 and 4.5.3.1.2. */
  static final int MAX_LOCAL = 64;
  static final int MAX_DOMAIN = 255;

  public MailAddress {
    if (!validLocal(localPart) || !validDomain(domain)) {
      throw new IllegalArgumentException("not a mail address: " + printable(localPart + "@" + domain));
    }
  }

  /** Parses {@code local@domain} (no angle brackets); IllegalArgumentException if it is not one. */
  public static MailAddress parse(String address) {
    int at = address.lastIndexOf('@');
    if (at <= 0 || at == address.length() - 1) {
      throw new IllegalArgumentException("not a mail address: " + printable(address));
    }
    return new MailAddress(address.substring(0, at), address.substring(at + 1));
  }

  /** The domain in lower case, for comparisons. */
  public String domainLower() {
    return domain.toLowerCase(Locale.ROOT);
  }

  @Override
  public String toString() {
    return localPart + "@" + domain;
  }

  private static boolean validLocal(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_LOCAL) {
      return false;
    }
    if (s.length() >= 2 && s.charAt(0) == '"' && s.charAt(s.length() - 1) == '"') {
      for (int i = 1; i < s.length() - 1; i++) {
        char c = s.charAt(i);
        if (c < 32 || c > 126) {
          return false;
        }
      }
      return true;
    }
    // Dot-string: atext with single dots between atoms.
    if (s.startsWith(".") || s.endsWith(".") || s.contains("..")) {
      return false;
    }
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (!(isAlnum(c) || "!#$%&'*+-/=?^_`{|}~.".indexOf(c) >= 0)) {
        return false;
      }
    }
    return true;
  }

  private static boolean validDomain(String s) {
    if (s == null || s.isEmpty() || s.length() > MAX_DOMAIN) {
      return false;
    }
    if (s.charAt(0) == '[') {
      if (s.charAt(s.length() - 1) != ']') {
        return false;
      }
      for (int i = 1; i < s.length() - 1; i++) {
        char c = s.charAt(i);
        if (!(isAlnum(c) || c == '.' || c == ':' || c == '-')) {
          return false;
        }
      }
      return s.length() > 2;
    }
    for (String label : s.split("\\.", -1)) {
      if (label.isEmpty() || label.length() > 63 || label.startsWith("-") || label.endsWith("-")) {
        return false;
      }
      for (int i = 0; i < label.length(); i++) {
        char c = label.charAt(i);
        if (!(isAlnum(c) || c == '-')) {
          return false;
        }
      }
    }
    return true;
  }

  private static boolean isAlnum(char c) {
    return (c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9');
  }

  static String printable(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 80; i++) {
      char c = s.charAt(i);
      b.append(c < 32 || c == 127 ? String.format("\\x%02x", (int) c) : String.valueOf(c));
    }
    return b.toString();
  }
}
