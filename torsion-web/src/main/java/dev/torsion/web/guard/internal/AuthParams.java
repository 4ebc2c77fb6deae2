package dev.torsion.web.guard.internal;

import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;

/**
 * The auth-params of a credentials header (RFC 7235 2.1), bounded:
 *
 * <pre>
 *   auth-param = token BWS "=" BWS ( token / quoted-string )
 *   params     = auth-param *( OWS "," OWS auth-param )
 * </pre>
 *
 * Names are lower-cased; a quoted-string's backslash escapes are undone. Null for anything
 * malformed, a repeated name, or more than {@link #MAX_PARAMS} params.
 */
public final class AuthParams {
  private AuthParams() {}

  public static final int MAX_PARAMS = 16;
  public static final int MAX_LENGTH = 8192;

  public static Map<String, String> parse(String s) {
    if (s.length() > MAX_LENGTH) {
      return null;
    }
    Map<String, String> out = new LinkedHashMap<>();
    int i = 0;
    int n = s.length();
    while (true) {
      i = skipSpace(s, i);
      if (i == n) {
        return out;
      }
      int start = i;
      while (i < n && isTokenChar(s.charAt(i))) {
        i++;
      }
      if (i == start) {
        return null;
      }
      String name = s.substring(start, i).toLowerCase(Locale.ROOT);
      i = skipSpace(s, i);
      if (i == n || s.charAt(i) != '=') {
        return null;
      }
      i = skipSpace(s, i + 1);
      String value;
      if (i < n && s.charAt(i) == '"') {
        StringBuilder v = new StringBuilder();
        i++;
        boolean closed = false;
        while (i < n) {
          char c = s.charAt(i++);
          if (c == '\\' && i < n) {
            v.append(s.charAt(i++));
          } else if (c == '"') {
            closed = true;
            break;
          } else if (c < 0x20 && c != '\t' || c == 0x7f) {
            return null;
          } else {
            v.append(c);
          }
        }
        if (!closed) {
          return null;
        }
        value = v.toString();
      } else {
        start = i;
        while (i < n && isTokenChar(s.charAt(i))) {
          i++;
        }
        if (i == start) {
          return null;
        }
        value = s.substring(start, i);
      }
      if (out.put(name, value) != null || out.size() > MAX_PARAMS) {
        return null;
      }
      i = skipSpace(s, i);
      if (i == n) {
        return out;
      }
      if (s.charAt(i) != ',') {
        return null;
      }
      i++;
    }
  }

  private static int skipSpace(String s, int i) {
    while (i < s.length() && (s.charAt(i) == ' ' || s.charAt(i) == '\t')) {
      i++;
    }
    return i;
  }

  /** RFC 9110 5.6.2 tchar, plus "/" and "=" tails seen in token68-like values are not allowed. */
  private static boolean isTokenChar(char c) {
    return c > 0x20 && c < 0x7f && "()<>@,;:\\\"/[]?={}".indexOf(c) < 0;
  }
}
