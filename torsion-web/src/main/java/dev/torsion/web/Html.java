package dev.torsion.web;

/**
 * Escaping for text placed into HTML: Python's {@code html.escape}, which Twisted uses for
 * everything it echoes into a page.
 *
 * <pre>{@code
 * "<p>" + Html.escape(request.getPath()) + "</p>"
 * }</pre>
 */
public final class Html {
  private Html() {}

  /** {@code s} with {@code & < > " '} replaced by character references. */
  public static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      String rep = switch (c) {
        case '&' -> "&amp;";
        case '<' -> "&lt;";
        case '>' -> "&gt;";
        case '"' -> "&quot;";
        case '\'' -> "&#x27;";
        default -> null;
      };
      if (rep != null && b == null) {
        b = new StringBuilder(s.length() + 16).append(s, 0, i);
      }
      if (b != null) {
        if (rep != null) {
          b.append(rep);
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
