package dev.torsion.mail.imap.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** IMAP response syntax (RFC 3501 4): strings quoted when they can be, literals otherwise. */
public final class Wire {
  private Wire() {}

  /** Writes {@code s} as an nstring: NIL, a quoted string, or a literal for 8-bit or CR/LF. */
  public static void nstring(ByteArrayOutputStream out, byte[] s) {
    if (s == null) {
      ascii(out, "NIL");
      return;
    }
    boolean quotable = s.length < 1000;
    for (byte b : s) {
      if (b < 0x20 || b == 0x7f || b == '"' || b == '\\') {
        quotable = false;
        break;
      }
    }
    if (quotable) {
      out.write('"');
      out.writeBytes(s);
      out.write('"');
    } else {
      ascii(out, "{" + s.length + "}\r\n");
      out.writeBytes(s);
    }
  }

  public static void nstring(ByteArrayOutputStream out, String s) {
    nstring(out, s == null ? null : s.getBytes(StandardCharsets.ISO_8859_1));
  }

  public static void ascii(ByteArrayOutputStream out, String s) {
    out.writeBytes(s.getBytes(StandardCharsets.ISO_8859_1));
  }

  /** A quoted string for text we produce (mailbox names, never CR or LF). */
  public static String quote(String s) {
    return "\"" + s.replace("\\", "\\\\").replace("\"", "\\\"") + "\"";
  }
}
