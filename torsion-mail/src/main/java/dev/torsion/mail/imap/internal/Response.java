package dev.torsion.mail.imap.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.Set;

/**
 * One server response as {@link CommandReader#forResponses} frames it (RFC 3501 7), split into
 * what the client needs: who it is for, its type, and its data.
 *
 * <pre>
 *   continue-req   = "+" [SP text] CRLF
 *   response-tagged = tag SP ("OK" / "NO" / "BAD") SP ["[" resp-text-code "]" SP] text CRLF
 *   untagged status = "*" SP ("OK" / "NO" / "BAD" / "PREAUTH" / "BYE") SP ["[" code "]" SP] text
 *   message data    = "*" SP nz-number SP ("EXISTS" / "RECENT" / "EXPUNGE" / "FETCH" msg-att)
 *   mailbox data    = "*" SP ("CAPABILITY" / "FLAGS" / "LIST" / "LSUB" / "SEARCH" / "STATUS") ...
 * </pre>
 *
 * <p>Status responses keep their text as text (it may hold anything); the data of the types the
 * client reads is tokenised with {@link Tokens} (the server's tokenizer: atoms, quoted strings as
 * byte[], literals, lists), bounded the same way. Other types keep only their text.
 *
 * @param tag "+" for a continuation request, "*" for untagged, else the command's tag
 * @param number the message number of message data, else -1
 * @param type upper case: OK, NO, BAD, PREAUTH, BYE, EXISTS, FETCH, LIST...; "" for "+"
 * @param code the response code inside "[...]" of a status response, or null
 * @param text the human text of a status or continuation response, else the rest of the line
 * @param tokens the tokenised data after the type, or an empty list
 */
public record Response(String tag, long number, String type, String code, String text,
    List<Object> tokens) {
  private static final Set<String> STATUS = Set.of("OK", "NO", "BAD", "PREAUTH", "BYE");
  private static final Set<String> TOKENISED = Set.of("FETCH", "CAPABILITY", "FLAGS", "LIST",
      "LSUB", "SEARCH", "STATUS");

  public boolean isContinuation() {
    return tag.equals("+");
  }

  public boolean isUntagged() {
    return tag.equals("*");
  }

  public boolean isStatus() {
    return STATUS.contains(type);
  }

  /** Parses one framed response: byte[] segments with a {@link Literal} between two. */
  public static Response parse(List<Object> parts) throws ImapSyntaxError {
    byte[] first = (byte[]) parts.get(0);
    String line = new String(first, StandardCharsets.ISO_8859_1);
    if (line.startsWith("+")) {
      return new Response("+", -1, "", null, line.startsWith("+ ") ? line.substring(2)
          : line.substring(1), List.of());
    }
    int sp = line.indexOf(' ');
    if (sp <= 0) {
      throw new ImapSyntaxError("response without a tag: " + clip(line));
    }
    String tag = line.substring(0, sp);
    int at = sp + 1;
    int end = word(line, at);
    String word = line.substring(at, end);
    long number = -1;
    if (tag.equals("*") && !word.isEmpty() && word.length() <= 10 && word.chars().allMatch(
        Character::isDigit)) {
      number = Long.parseLong(word);
      at = end + 1;
      end = word(line, Math.min(at, line.length()));
      word = at > line.length() ? "" : line.substring(at, end);
    }
    String type = word.toUpperCase(Locale.ROOT);
    if (type.isEmpty()) {
      throw new ImapSyntaxError("response without a type: " + clip(line));
    }
    String rest = end + 1 <= line.length() ? line.substring(Math.min(end + 1, line.length())) : "";
    if (!tag.equals("*") && !Set.of("OK", "NO", "BAD").contains(type)) {
      throw new ImapSyntaxError("tagged response is not OK, NO or BAD: " + clip(line));
    }
    if (STATUS.contains(type) && number < 0) {
      String code = null;
      String text = rest;
      if (rest.startsWith("[")) {
        int close = closing(rest);
        if (close < 0) {
          throw new ImapSyntaxError("response code without ]: " + clip(line));
        }
        code = rest.substring(1, close);
        text = rest.substring(Math.min(close + 2, rest.length()));
      }
      return new Response(tag, -1, type, code, text, List.of());
    }
    List<Object> tokens = List.of();
    if (TOKENISED.contains(type)) {
      List<Object> after = new ArrayList<>(parts);
      after.set(0, rest.getBytes(StandardCharsets.ISO_8859_1));
      tokens = Tokens.parse(after);
    }
    return new Response(tag, number, type, null, rest, tokens);
  }

  private static int word(String line, int from) {
    int sp = line.indexOf(' ', from);
    return sp < 0 ? line.length() : sp;
  }

  /** The "]" that closes the code's "[", allowing nested brackets ({@code [BADCHARSET (x)]}). */
  private static int closing(String s) {
    int depth = 0;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      if (c == '[') {
        depth++;
      } else if (c == ']' && --depth == 0) {
        return i;
      }
    }
    return -1;
  }

  private static String clip(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }
}
