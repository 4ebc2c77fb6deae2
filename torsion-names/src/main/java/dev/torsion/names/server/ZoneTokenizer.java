package dev.torsion.names.server;

import java.util.ArrayList;
import java.util.List;

/**
 * Splits master-file text into entries (RFC 1035 5.1): one line, or several joined by
 * parentheses, as a list of words. {@code ;} starts a comment outside quotes; a backslash keeps
 * the next character (the escape stays in the word for later decoding).
 */
final class ZoneTokenizer {
  /** Words in one entry; a TXT record of this many strings is already absurd. */
  private static final int MAX_TOKENS = 4096;

  record Token(String text, boolean quoted) {}

  private final String text;
  private int pos;
  private int line = 1;
  private int entryLine = 1;
  private boolean entryStartsWithBlank;

  ZoneTokenizer(String text) {
    this.text = text;
  }

  int entryLine() {
    return entryLine;
  }

  boolean entryStartsWithBlank() {
    return entryStartsWithBlank;
  }

  /** The next non-empty entry, or null at the end of the text. */
  List<Token> next() {
    while (pos < text.length()) {
      entryLine = line;
      char c0 = text.charAt(pos);
      entryStartsWithBlank = c0 == ' ' || c0 == '\t';
      List<Token> tokens = entry();
      if (!tokens.isEmpty()) {
        return tokens;
      }
    }
    return null;
  }

  private List<Token> entry() {
    List<Token> tokens = new ArrayList<>();
    int depth = 0;
    while (pos < text.length()) {
      char c = text.charAt(pos);
      if (c == '\n') {
        pos++;
        line++;
        if (depth == 0) {
          return tokens;
        }
      } else if (c == ' ' || c == '\t' || c == '\r') {
        pos++;
      } else if (c == ';') {
        while (pos < text.length() && text.charAt(pos) != '\n') {
          pos++;
        }
      } else if (c == '(') {
        depth++;
        pos++;
      } else if (c == ')') {
        if (depth == 0) {
          throw new IllegalArgumentException("')' without '('");
        }
        depth--;
        pos++;
      } else if (c == '"') {
        pos++;
        StringBuilder sb = new StringBuilder();
        while (true) {
          if (pos >= text.length()) {
            throw new IllegalArgumentException("unterminated quoted string");
          }
          char q = text.charAt(pos++);
          if (q == '"') {
            break;
          }
          if (q == '\n') {
            line++;
          }
          sb.append(q);
          if (q == '\\' && pos < text.length()) {
            sb.append(text.charAt(pos++));
          }
        }
        add(tokens, new Token(sb.toString(), true));
      } else {
        StringBuilder sb = new StringBuilder();
        while (pos < text.length()) {
          char w = text.charAt(pos);
          if (w == ' ' || w == '\t' || w == '\r' || w == '\n' || w == ';' || w == '('
              || w == ')' || w == '"') {
            break;
          }
          sb.append(w);
          pos++;
          if (w == '\\' && pos < text.length() && text.charAt(pos) != '\n') {
            sb.append(text.charAt(pos++));
          }
        }
        add(tokens, new Token(sb.toString(), false));
      }
    }
    if (depth != 0) {
      throw new IllegalArgumentException("'(' not closed before the end of the file");
    }
    return tokens;
  }

  private static void add(List<Token> tokens, Token t) {
    if (tokens.size() >= MAX_TOKENS) {
      throw new IllegalArgumentException("more than " + MAX_TOKENS + " words in one record");
    }
    tokens.add(t);
  }
}
