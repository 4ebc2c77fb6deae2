package dev.torsion.web.internal;

import java.nio.charset.StandardCharsets;

/** Shared String constants for the common methods, so parsing them allocates nothing. */
public final class Methods {
  private static final String[] COMMON = {
    "GET", "PUT", "HEAD", "POST", "PATCH", "DELETE", "OPTIONS", "CONNECT", "TRACE"
  };

  private Methods() {}

  public static String intern(byte[] buf, int start, int end) {
    int n = end - start;
    for (String m : COMMON) {
      if (m.length() == n) {
        boolean eq = true;
        for (int i = 0; i < n; i++) {
          if (buf[start + i] != m.charAt(i)) {
            eq = false;
            break;
          }
        }
        if (eq) {
          return m;
        }
      }
    }
    return new String(buf, start, n, StandardCharsets.ISO_8859_1);
  }
}
