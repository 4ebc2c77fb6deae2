package dev.torsion.mail.imap.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * FETCH data items for one message (RFC 3501 6.4.5, 7.4.2): ENVELOPE, BODYSTRUCTURE and BODY
 * sections computed from the message's CRLF bytes.
 *
 * <pre>
 *   section  = "[" [part *("." part)] ["." ] [HEADER / HEADER.FIELDS[.NOT] (names) / TEXT / MIME] "]"
 *   partial  = "&lt;" offset "." length "&gt;"
 * </pre>
 */
public final class Fetch {
  private Fetch() {}

  /** What a {@code BODY[...]<...>} item asks for. */
  public record Section(String spec, long offset, long length) {
    public String label() {
      return "BODY[" + spec + "]" + (offset >= 0 ? "<" + offset + ">" : "");
    }
  }

  /** Parses {@code BODY[...]}'s or {@code BODY.PEEK[...]}'s part after "BODY" or "BODY.PEEK". */
  public static Section section(String item) throws ImapSyntaxError {
    int open = item.indexOf('[');
    int close = item.lastIndexOf(']');
    if (open < 0 || close < open) {
      throw new ImapSyntaxError("bad section: " + item);
    }
    String spec = item.substring(open + 1, close).toUpperCase(Locale.ROOT);
    String partial = item.substring(close + 1);
    long off = -1;
    long len = -1;
    if (!partial.isEmpty()) {
      if (!partial.matches("<[0-9]{1,10}\\.[1-9][0-9]{0,9}>")) {
        throw new ImapSyntaxError("bad partial: " + partial);
      }
      String[] p = partial.substring(1, partial.length() - 1).split("\\.");
      off = Long.parseLong(p[0]);
      len = Long.parseLong(p[1]);
    }
    return new Section(spec.replaceAll("\\s+", " "), off, len);
  }

  /** The octets {@code s} names in {@code m}; null for a part that does not exist. */
  public static byte[] sectionBytes(MimePart m, Section s) throws ImapSyntaxError {
    String spec = s.spec;
    MimePart part = m;
    boolean nested = false;
    while (!spec.isEmpty() && Character.isDigit(spec.charAt(0))) {
      int dot = spec.indexOf('.');
      String num = dot < 0 ? spec : spec.substring(0, dot);
      spec = dot < 0 ? "" : spec.substring(dot + 1);
      if (!num.matches("[1-9][0-9]{0,3}")) {
        throw new ImapSyntaxError("bad part number");
      }
      int n = Integer.parseInt(num);
      if (part.isMultipart()) {
        if (n > part.children.size()) {
          return null;
        }
        part = part.children.get(n - 1);
      } else if (n != 1) {
        return null;
      } else if (part.type.equals("message") && part.subtype.equals("rfc822")) {
        part = MimePart.parse(Arrays.copyOfRange(part.data, part.bodyStart, part.end));
      } else if (part != m || spec.isEmpty()) {
        // RFC 3501 6.4.5: part 1 of a non-multipart message is its body.
        return partial(Arrays.copyOfRange(part.data, part.bodyStart, part.end), s);
      }
      nested = true;
    }
    byte[] d = part.data;
    byte[] out;
    if (spec.isEmpty()) {
      out = nested ? Arrays.copyOfRange(d, part.bodyStart, part.end)
          : Arrays.copyOfRange(d, part.start, part.end);
    } else if (spec.equals("HEADER") || spec.equals("MIME")) {
      out = Arrays.copyOfRange(d, part.start, part.bodyStart);
    } else if (spec.equals("TEXT")) {
      out = Arrays.copyOfRange(d, part.bodyStart, part.end);
    } else if (spec.startsWith("HEADER.FIELDS")) {
      boolean not = spec.startsWith("HEADER.FIELDS.NOT");
      String rest = spec.substring(not ? 17 : 13).trim();
      if (!rest.startsWith("(") || !rest.endsWith(")")) {
        throw new ImapSyntaxError("bad header list");
      }
      List<String> names = List.of(rest.substring(1, rest.length() - 1).trim().split(" +"));
      out = headerFields(d, part.start, part.bodyStart, names, not);
    } else {
      throw new ImapSyntaxError("bad section: " + spec);
    }
    return partial(out, s);
  }

  private static byte[] partial(byte[] b, Section s) {
    if (s.offset < 0) {
      return b;
    }
    int from = (int) Math.min(b.length, s.offset);
    int to = (int) Math.min(b.length, from + s.length);
    return Arrays.copyOfRange(b, from, to);
  }

  /** The header lines (with folding kept) whose names are, or are not, in {@code names}. */
  private static byte[] headerFields(byte[] d, int start, int end, List<String> names,
      boolean not) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    String text = new String(d, start, end - start, StandardCharsets.ISO_8859_1);
    boolean keep = false;
    for (String line : text.split("(?<=\r\n)")) {
      if (line.equals("\r\n")) {
        break;
      }
      if (!line.startsWith(" ") && !line.startsWith("\t")) {
        int colon = line.indexOf(':');
        String name = colon > 0 ? line.substring(0, colon).trim().toUpperCase(Locale.ROOT) : "";
        keep = names.contains(name) != not;
      }
      if (keep) {
        Wire.ascii(out, line);
      }
    }
    Wire.ascii(out, "\r\n");
    return out.toByteArray();
  }

  /** ENVELOPE (RFC 3501 7.4.2). */
  public static void envelope(ByteArrayOutputStream out, MimePart m) {
    out.write('(');
    Wire.nstring(out, m.field("Date"));
    out.write(' ');
    Wire.nstring(out, m.field("Subject"));
    String from = m.field("From");
    for (String name : List.of("From", "Sender", "Reply-To", "To", "Cc", "Bcc")) {
      out.write(' ');
      String v = m.field(name);
      // RFC 3501 7.4.2: Sender and Reply-To default to From.
      addresses(out, v == null && !name.equals("From") && (name.equals("Sender")
          || name.equals("Reply-To")) ? from : v);
    }
    out.write(' ');
    Wire.nstring(out, m.field("In-Reply-To"));
    out.write(' ');
    Wire.nstring(out, m.field("Message-ID"));
    out.write(')');
  }

  private static void addresses(ByteArrayOutputStream out, String list) {
    List<String[]> parsed = parseAddresses(list);
    if (parsed.isEmpty()) {
      Wire.ascii(out, "NIL");
      return;
    }
    out.write('(');
    for (String[] a : parsed) {
      out.write('(');
      Wire.nstring(out, a[0]);
      Wire.ascii(out, " NIL ");
      Wire.nstring(out, a[1]);
      out.write(' ');
      Wire.nstring(out, a[2]);
      out.write(')');
    }
    out.write(')');
  }

  /** name, mailbox, host for each address of a header value; groups flattened. */
  static List<String[]> parseAddresses(String list) {
    List<String[]> out = new ArrayList<>();
    if (list == null) {
      return out;
    }
    List<String> items = new ArrayList<>();
    StringBuilder cur = new StringBuilder();
    boolean quoted = false;
    int angle = 0;
    for (int i = 0; i < list.length(); i++) {
      char c = list.charAt(i);
      if (c == '"') {
        quoted = !quoted;
      } else if (!quoted && c == '<') {
        angle++;
      } else if (!quoted && c == '>') {
        angle = Math.max(0, angle - 1);
      } else if (!quoted && angle == 0 && (c == ',' || c == ';' || c == ':')) {
        items.add(c == ':' ? "" : cur.toString());
        cur.setLength(0);
        continue;
      }
      cur.append(c);
    }
    items.add(cur.toString());
    for (String item : items) {
      String s = item.trim();
      if (s.isEmpty() || out.size() >= 100) {
        continue;
      }
      String name = null;
      String addr = s;
      int lt = s.lastIndexOf('<');
      if (lt >= 0 && s.endsWith(">")) {
        addr = s.substring(lt + 1, s.length() - 1).trim();
        String n = s.substring(0, lt).trim();
        if (n.length() >= 2 && n.startsWith("\"") && n.endsWith("\"")) {
          n = n.substring(1, n.length() - 1);
        }
        name = n.isEmpty() ? null : n;
      }
      int at = addr.lastIndexOf('@');
      out.add(new String[] {name, at < 0 ? addr : addr.substring(0, at),
          at < 0 ? null : addr.substring(at + 1)});
    }
    return out;
  }

  /** BODYSTRUCTURE and BODY without extension data (RFC 3501 7.4.2). */
  public static void bodyStructure(ByteArrayOutputStream out, MimePart p) {
    out.write('(');
    if (p.isMultipart()) {
      for (MimePart c : p.children) {
        bodyStructure(out, c);
      }
      out.write(' ');
      Wire.nstring(out, p.subtype.toUpperCase(Locale.ROOT));
      out.write(')');
      return;
    }
    Wire.nstring(out, p.type.toUpperCase(Locale.ROOT));
    out.write(' ');
    Wire.nstring(out, p.subtype.toUpperCase(Locale.ROOT));
    out.write(' ');
    if (p.params.isEmpty() && p.type.equals("text")) {
      Wire.ascii(out, "(\"CHARSET\" \"US-ASCII\")");
    } else if (p.params.isEmpty()) {
      Wire.ascii(out, "NIL");
    } else {
      out.write('(');
      boolean first = true;
      for (var e : p.params.entrySet()) {
        if (!first) {
          out.write(' ');
        }
        first = false;
        Wire.nstring(out, e.getKey().toUpperCase(Locale.ROOT));
        out.write(' ');
        Wire.nstring(out, e.getValue());
      }
      out.write(')');
    }
    out.write(' ');
    Wire.nstring(out, p.field("Content-ID"));
    out.write(' ');
    Wire.nstring(out, p.field("Content-Description"));
    out.write(' ');
    String enc = p.field("Content-Transfer-Encoding");
    Wire.nstring(out, enc == null ? "7BIT" : enc.toUpperCase(Locale.ROOT));
    Wire.ascii(out, " " + (p.end - p.bodyStart));
    if (p.type.equals("text")) {
      Wire.ascii(out, " " + p.bodyLines());
    }
    out.write(')');
  }
}
