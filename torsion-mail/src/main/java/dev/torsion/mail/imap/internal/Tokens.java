package dev.torsion.mail.imap.internal;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Splits a framed command into tokens (RFC 3501 9): atoms as String (an atom may carry a
 * bracketed section with spaces, {@code BODY[HEADER.FIELDS (FROM TO)]<0.100>}), quoted strings
 * as byte[], literals as {@link Literal}, parenthesised lists as List. Bounded: at most {@link
 * #MAX_TOKENS} tokens and {@link #MAX_DEPTH} levels of parentheses.
 *
 * <pre>
 *   token   = atom / quoted / literal / "(" [token *(SP token)] ")"
 *   quoted  = DQUOTE *(char / "\" DQUOTE / "\\") DQUOTE
 * </pre>
 */
public final class Tokens {
  public static final int MAX_TOKENS = 10_000;
  public static final int MAX_DEPTH = 16;

  private final List<Object> parts;
  private int part;
  private int pos;
  private int count;

  private Tokens(List<Object> parts) {
    this.parts = parts;
  }

  /** The tokens of {@code parts} (as {@link CommandReader} frames them). */
  public static List<Object> parse(List<Object> parts) throws ImapSyntaxError {
    Tokens t = new Tokens(parts);
    List<Object> out = t.list(0, false);
    return out;
  }

  private byte[] seg() {
    return (byte[]) parts.get(part);
  }

  private boolean atSegmentEnd() {
    return pos >= seg().length;
  }

  private List<Object> list(int depth, boolean closing) throws ImapSyntaxError {
    if (depth > MAX_DEPTH) {
      throw new ImapSyntaxError("parentheses nested too deep");
    }
    List<Object> out = new ArrayList<>();
    while (true) {
      if (atSegmentEnd()) {
        if (part + 1 < parts.size()) {
          // The literal announced at the end of this segment.
          out.add(take(parts.get(part + 1)));
          part += 2;
          pos = 0;
          continue;
        }
        if (closing) {
          throw new ImapSyntaxError("missing )");
        }
        return out;
      }
      byte b = seg()[pos];
      if (b == ' ') {
        pos++;
        continue;
      }
      if (b == ')') {
        if (!closing) {
          throw new ImapSyntaxError("unexpected )");
        }
        pos++;
        return out;
      }
      if (b == '(') {
        pos++;
        out.add(take(list(depth + 1, true)));
      } else if (b == '"') {
        out.add(take(quoted()));
      } else {
        out.add(take(atom()));
      }
    }
  }

  private Object take(Object token) throws ImapSyntaxError {
    if (++count > MAX_TOKENS) {
      throw new ImapSyntaxError("too many tokens");
    }
    return token;
  }

  private byte[] quoted() throws ImapSyntaxError {
    byte[] s = seg();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (int i = pos + 1; i < s.length; i++) {
      byte b = s[i];
      if (b == '"') {
        pos = i + 1;
        return out.toByteArray();
      }
      if (b == '\\') {
        if (i + 1 >= s.length || (s[i + 1] != '"' && s[i + 1] != '\\')) {
          throw new ImapSyntaxError("bad escape in a quoted string");
        }
        b = s[++i];
      }
      out.write(b);
    }
    throw new ImapSyntaxError("unterminated quoted string");
  }

  /** An atom, with any "[...]" section inside it kept whole (spaces and parentheses included). */
  private String atom() throws ImapSyntaxError {
    byte[] s = seg();
    int start = pos;
    int brackets = 0;
    int i = pos;
    for (; i < s.length; i++) {
      byte b = s[i];
      if (b == '[') {
        brackets++;
      } else if (b == ']') {
        if (brackets == 0) {
          throw new ImapSyntaxError("unexpected ]");
        }
        brackets--;
      } else if (brackets == 0 && (b == ' ' || b == '(' || b == ')')) {
        break;
      } else if (b == '"' && brackets == 0) {
        throw new ImapSyntaxError("quote inside an atom");
      } else if (b < 0x20 || b == 0x7f) {
        throw new ImapSyntaxError("control character in a command");
      }
    }
    if (brackets != 0) {
      throw new ImapSyntaxError("missing ]");
    }
    pos = i;
    return new String(s, start, i - start, StandardCharsets.ISO_8859_1);
  }
}
