package dev.torsion.ftp.internal;

import dev.torsion.ftp.client.FTPReply;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Gathers the lines of FTP replies (RFC 959 4.2) into {@link FTPReply}s.
 *
 * <pre>
 *   single   = code SP text CRLF   |  code CRLF
 *   multi    = code "-" text CRLF  *(any line CRLF)  code SP text CRLF
 *   code     = 3 DIGIT, first digit 1-5
 * </pre>
 *
 * <p>Lines come in one at a time (the receiver bounds their length); a reply of more than
 * {@link #MAX_LINES} lines is refused with {@link MalformedReply}, as is a line that is not a
 * reply where one must start.
 */
public final class ReplyParser {
  public static final int MAX_LINES = 10_000;

  /** Input that is not a sequence of FTP replies. */
  public static final class MalformedReply extends RuntimeException {
    public MalformedReply(String message) {
      super(message);
    }
  }

  private final List<String> lines = new ArrayList<>();
  private String code; // the code of the multi-line reply being read, or null

  /** Takes one line (without its line end); returns the reply it completes, or null. */
  public FTPReply line(byte[] raw) {
    int end = raw.length;
    if (end > 0 && raw[end - 1] == '\r') {
      end--;
    }
    String line = new String(raw, 0, end, StandardCharsets.UTF_8);
    if (code == null) {
      if (line.length() < 3 || !isCode(line)) {
        throw new MalformedReply("not an FTP reply: " + abbreviate(line));
      }
      if (line.length() > 3 && line.charAt(3) == '-') {
        code = line.substring(0, 3);
        lines.add(line);
        return null;
      }
      if (line.length() > 3 && line.charAt(3) != ' ') {
        throw new MalformedReply("not an FTP reply: " + abbreviate(line));
      }
      return new FTPReply(Integer.parseInt(line.substring(0, 3)), List.of(line));
    }
    if (lines.size() >= MAX_LINES) {
      throw new MalformedReply("a reply of more than " + MAX_LINES + " lines");
    }
    lines.add(line);
    if (line.startsWith(code) && (line.length() == 3 || line.charAt(3) == ' ')) {
      FTPReply reply = new FTPReply(Integer.parseInt(code), lines);
      lines.clear();
      code = null;
      return reply;
    }
    return null;
  }

  private static boolean isCode(String line) {
    char a = line.charAt(0);
    return a >= '1' && a <= '5' && Character.isDigit(line.charAt(1)) && Character.isDigit(line.charAt(2))
        && line.charAt(1) < 128 && line.charAt(2) < 128;
  }

  private static String abbreviate(String s) {
    return s.length() > 60 ? s.substring(0, 60) + "..." : s;
  }
}
