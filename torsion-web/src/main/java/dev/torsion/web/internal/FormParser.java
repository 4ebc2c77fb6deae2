package dev.torsion.web.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Parses query strings and application/x-www-form-urlencoded bodies, leniently, like Twisted. */
public final class FormParser {
  private FormParser() {}

  /** Adds the pairs of {@code query} ("a=1&b=2&a=3") to {@code into}. */
  public static void parseQuery(String query, Map<String, List<String>> into) {
    int i = 0;
    int n = query.length();
    while (i <= n) {
      int amp = query.indexOf('&', i);
      if (amp < 0) {
        amp = n;
      }
      int semi = query.indexOf(';', i);
      if (semi >= 0 && semi < amp) {
        amp = semi;
      }
      if (amp > i) {
        int eq = query.indexOf('=', i);
        String name;
        String value;
        if (eq < 0 || eq > amp) {
          name = unquotePlus(query.substring(i, amp));
          value = "";
        } else {
          name = unquotePlus(query.substring(i, eq));
          value = unquotePlus(query.substring(eq + 1, amp));
        }
        into.computeIfAbsent(name, k -> new ArrayList<>(1)).add(value);
      }
      i = amp + 1;
    }
  }

  public static Map<String, List<String>> parseQuery(String query) {
    Map<String, List<String>> out = new LinkedHashMap<>();
    parseQuery(query, out);
    return out;
  }

  /** Decodes %XX (as UTF-8) and '+' as space; a malformed escape is kept as written. */
  public static String unquotePlus(String s) {
    return unquote(s, true);
  }

  /** Decodes %XX as UTF-8; a malformed escape is kept as written. */
  public static String unquote(String s) {
    return unquote(s, false);
  }

  private static String unquote(String s, boolean plus) {
    if (s.indexOf('%') < 0 && (!plus || s.indexOf('+') < 0)) {
      return s;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(s.length());
    byte[] in = s.getBytes(StandardCharsets.UTF_8);
    for (int i = 0; i < in.length; i++) {
      byte b = in[i];
      if (b == '%' && i + 2 < in.length
          && Ascii.hexValue(in[i + 1]) >= 0 && Ascii.hexValue(in[i + 2]) >= 0) {
        out.write(Ascii.hexValue(in[i + 1]) * 16 + Ascii.hexValue(in[i + 2]));
        i += 2;
      } else if (b == '+' && plus) {
        out.write(' ');
      } else {
        out.write(b);
      }
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  /**
   * The value of parameter {@code name} in a header value like {@code multipart/form-data;
   * boundary="x"}, unquoted, or null.
   */
  public static String headerParam(String headerValue, String name) {
    if (headerValue == null) {
      return null;
    }
    int i = headerValue.indexOf(';');
    while (i >= 0 && i < headerValue.length()) {
      int start = i + 1;
      while (start < headerValue.length() && headerValue.charAt(start) == ' ') {
        start++;
      }
      int eq = headerValue.indexOf('=', start);
      if (eq < 0) {
        return null;
      }
      String key = headerValue.substring(start, eq).trim();
      String value;
      int next;
      if (eq + 1 < headerValue.length() && headerValue.charAt(eq + 1) == '"') {
        StringBuilder b = new StringBuilder();
        int j = eq + 2;
        while (j < headerValue.length() && headerValue.charAt(j) != '"') {
          char c = headerValue.charAt(j);
          if (c == '\\' && j + 1 < headerValue.length()) {
            c = headerValue.charAt(++j);
          }
          b.append(c);
          j++;
        }
        value = b.toString();
        next = headerValue.indexOf(';', j);
      } else {
        next = headerValue.indexOf(';', eq);
        value = headerValue.substring(eq + 1, next < 0 ? headerValue.length() : next).trim();
      }
      if (key.equalsIgnoreCase(name)) {
        return value;
      }
      i = next;
    }
    return null;
  }
}
