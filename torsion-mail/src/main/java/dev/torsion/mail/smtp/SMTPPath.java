package dev.torsion.mail.smtp;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The argument of MAIL FROM and RCPT TO (RFC 5321 4.1.2), parsed strictly:
 *
 * <pre>
 *   "FROM:" ["<" [source-route ":"] mailbox ">" | "<>"] *(SP esmtp-keyword ["=" esmtp-value])
 *   "TO:"   ("<" [source-route ":"] mailbox ">" | "<Postmaster>") *(SP param)
 * </pre>
 *
 * Postfix and Twisted accept one space after the colon, so do we. The source route is ignored
 * as RFC 5321 4.1.1.3 asks.
 */
final class SMTPPath {
  /** The address (null for {@code <>}) and the ESMTP parameters, keys upper-cased. */
  record Parsed(MailAddress address, Map<String, String> params) {}

  /** A syntax error; the message is the reply text. */
  static final class SyntaxError extends Exception {
    SyntaxError(String message) {
      super(message, null, false, false);
    }
  }

  private SMTPPath() {}

  /**
   * Parses {@code arg} after the verb; {@code keyword} is "FROM" or "TO". {@code postmaster} is
   * the domain a bare {@code <Postmaster>} gets (RFC 5321 4.5.1), or null where not allowed.
   */
  static Parsed parse(String arg, String keyword, String postmaster) throws SyntaxError {
    String head = keyword + ":";
    if (arg.length() < head.length() || !arg.regionMatches(true, 0, head, 0, head.length())) {
      throw new SyntaxError("Syntax: " + (keyword.equals("FROM") ? "MAIL FROM:<address>"
          : "RCPT TO:<address>"));
    }
    String rest = arg.substring(head.length());
    if (rest.startsWith(" ")) {
      rest = rest.substring(1);
    }
    if (!rest.startsWith("<")) {
      throw new SyntaxError("Syntax: the address goes in angle brackets");
    }
    int close = rest.indexOf('>');
    if (close < 0) {
      throw new SyntaxError("Syntax: missing '>'");
    }
    String inner = rest.substring(1, close);
    String params = rest.substring(close + 1);
    MailAddress address;
    if (inner.isEmpty()) {
      if (!keyword.equals("FROM")) {
        throw new SyntaxError("Syntax: empty recipient");
      }
      address = null;
    } else if (postmaster != null && inner.equalsIgnoreCase("postmaster")) {
      address = new MailAddress("postmaster", postmaster);
    } else {
      if (inner.startsWith("@")) {
        int colon = inner.indexOf(':');
        if (colon < 0) {
          throw new SyntaxError("Syntax: bad source route");
        }
        inner = inner.substring(colon + 1);
      }
      try {
        address = MailAddress.parse(inner);
      } catch (IllegalArgumentException e) {
        throw new SyntaxError("Bad address syntax");
      }
    }
    Map<String, String> out = new LinkedHashMap<>();
    if (!params.isEmpty()) {
      if (!params.startsWith(" ")) {
        throw new SyntaxError("Syntax: a space goes between the address and its parameters");
      }
      for (String p : params.substring(1).split(" ", -1)) {
        if (p.isEmpty() || out.size() >= 10) {
          throw new SyntaxError("Syntax: bad parameters");
        }
        int eq = p.indexOf('=');
        String key = (eq < 0 ? p : p.substring(0, eq)).toUpperCase(Locale.ROOT);
        if (!key.matches("[A-Z0-9][A-Z0-9-]*")) {
          throw new SyntaxError("Syntax: bad parameter " + MailAddress.printable(key));
        }
        out.put(key, eq < 0 ? null : p.substring(eq + 1));
      }
    }
    return new Parsed(address, out);
  }
}
