package dev.torsion.mail.imap.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * A message or body part located inside the message's bytes (CRLF line ends), enough for
 * BODYSTRUCTURE and {@code BODY[1.2.HEADER]}: its header fields, where its body starts and ends,
 * and its sub-parts when it is multipart. Our own small parser rather than a library (Jakarta
 * Mail or mime4j would add a dependency for the few facts IMAP needs, and neither gives byte
 * offsets into the original, which sections must return exactly). Bounded: at most {@link
 * #MAX_DEPTH} levels and {@link #MAX_PARTS} parts per level.
 *
 * <pre>
 *   part      = header CRLF body                      ; header ends at the first empty line
 *   multipart = preamble *( "--" boundary CRLF part ) "--" boundary "--" epilogue
 * </pre>
 */
public final class MimePart {
  static final int MAX_DEPTH = 8;
  static final int MAX_PARTS = 200;

  public final byte[] data;
  public final int start;
  public final int bodyStart;
  public final int end;
  public final List<String[]> fields;
  public final String type;
  public final String subtype;
  public final Map<String, String> params;
  public final List<MimePart> children = new ArrayList<>();

  private MimePart(byte[] data, int start, int end, int depth, String defaultType) {
    this.data = data;
    this.start = start;
    this.end = end;
    int blank = headerEnd(data, start, end);
    this.bodyStart = blank;
    this.fields = parseFields(data, start, blank);
    String ct = field("Content-Type");
    String[] tp = (ct == null ? defaultType : ct).split(";", 2);
    String[] ts = tp[0].trim().toLowerCase(Locale.ROOT).split("/", 2);
    if (ts.length == 2 && !ts[0].isEmpty() && !ts[1].isEmpty()) {
      type = ts[0];
      subtype = ts[1];
    } else {
      type = "text";
      subtype = "plain";
    }
    params = parseParams(tp.length > 1 ? tp[1] : "");
    if (type.equals("multipart") && params.containsKey("boundary") && depth < MAX_DEPTH) {
      split(depth, subtype.equals("digest") ? "message/rfc822" : "text/plain");
    }
  }

  /** The top-level part of a whole message. */
  public static MimePart parse(byte[] message) {
    return new MimePart(message, 0, message.length, 0, "text/plain");
  }

  /** The first value of header field {@code name} (unfolded), or null. */
  public String field(String name) {
    for (String[] f : fields) {
      if (f[0].equalsIgnoreCase(name)) {
        return f[1];
      }
    }
    return null;
  }

  public boolean isMultipart() {
    return !children.isEmpty();
  }

  /** Lines in the body (for text parts' BODYSTRUCTURE). */
  public int bodyLines() {
    int n = 0;
    for (int i = bodyStart; i < end; i++) {
      if (data[i] == '\n') {
        n++;
      }
    }
    return n;
  }

  private void split(int depth, String childDefault) {
    byte[] delim = ("--" + params.get("boundary")).getBytes(StandardCharsets.ISO_8859_1);
    int partStart = -1;
    int i = bodyStart;
    while (i < end && children.size() < MAX_PARTS) {
      int lineEnd = indexOf(data, (byte) '\n', i, end);
      int next = lineEnd < 0 ? end : lineEnd + 1;
      if (startsWith(data, i, end, delim)) {
        int after = i + delim.length;
        boolean last = after + 1 < end && data[after] == '-' && data[after + 1] == '-';
        if (partStart >= 0) {
          // RFC 2046 5.1.1: the CRLF before a boundary belongs to the boundary.
          int partEnd = i >= 2 && data[i - 2] == '\r' ? i - 2 : Math.max(partStart, i - 1);
          children.add(new MimePart(data, partStart, Math.max(partStart, partEnd), depth + 1,
              childDefault));
        }
        if (last) {
          return;
        }
        partStart = next;
      }
      i = next;
    }
    if (partStart >= 0 && partStart < end && children.size() < MAX_PARTS) {
      children.add(new MimePart(data, partStart, end, depth + 1, childDefault));
    }
  }

  private static int headerEnd(byte[] d, int start, int end) {
    int i = start;
    while (i < end) {
      if (d[i] == '\r' && i + 1 < end && d[i + 1] == '\n') {
        return i + 2;
      }
      int lf = indexOf(d, (byte) '\n', i, end);
      if (lf < 0) {
        return end;
      }
      i = lf + 1;
    }
    return end;
  }

  static List<String[]> parseFields(byte[] d, int start, int end) {
    List<String[]> out = new ArrayList<>();
    String text = new String(d, start, end - start, StandardCharsets.ISO_8859_1);
    StringBuilder cur = null;
    for (String line : text.split("\r\n", -1)) {
      if (line.isEmpty()) {
        continue;
      }
      if ((line.charAt(0) == ' ' || line.charAt(0) == '\t') && cur != null) {
        cur.append(line); // RFC 5322 2.2.3: unfolding
        continue;
      }
      if (cur != null) {
        add(out, cur.toString());
      }
      cur = new StringBuilder(line);
      if (out.size() > 1000) {
        break;
      }
    }
    if (cur != null) {
      add(out, cur.toString());
    }
    return out;
  }

  private static void add(List<String[]> out, String field) {
    int colon = field.indexOf(':');
    if (colon > 0) {
      out.add(new String[] {field.substring(0, colon).trim(), field.substring(colon + 1).trim()});
    }
  }

  private static Map<String, String> parseParams(String s) {
    Map<String, String> out = new LinkedHashMap<>();
    for (String p : s.split(";")) {
      int eq = p.indexOf('=');
      if (eq > 0 && out.size() < 20) {
        String v = p.substring(eq + 1).trim();
        if (v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"")) {
          v = v.substring(1, v.length() - 1);
        }
        out.put(p.substring(0, eq).trim().toLowerCase(Locale.ROOT), v);
      }
    }
    return out;
  }

  private static int indexOf(byte[] d, byte b, int from, int end) {
    for (int i = from; i < end; i++) {
      if (d[i] == b) {
        return i;
      }
    }
    return -1;
  }

  private static boolean startsWith(byte[] d, int at, int end, byte[] prefix) {
    if (end - at < prefix.length) {
      return false;
    }
    for (int i = 0; i < prefix.length; i++) {
      if (d[at + i] != prefix[i]) {
        return false;
      }
    }
    return true;
  }
}
