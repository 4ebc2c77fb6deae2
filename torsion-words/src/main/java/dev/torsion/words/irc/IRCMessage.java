package dev.torsion.words.irc;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * One IRC message, immutable: optional IRCv3 tags, an optional prefix (the source), a command
 * and up to 15 parameters. Twisted's {@code irc.parsemsg} returns the same pieces as a tuple.
 *
 * <pre>
 *   message  =  [ "@" tags SPACE ] [ ":" prefix SPACE ] command *( SPACE middle ) [ SPACE ":" trailing ]
 *   tags     =  tag *( ";" tag )          tag = key [ "=" escaped-value ]     (IRCv3 message-tags)
 *   command  =  1*letter / 3digit          (RFC 2812 section 2.3.1)
 *
 *   "@time=2026-12-03T10:00:00Z :alice!a@host PRIVMSG #torsion :hello there"
 *    '------------ tags ------' '-- prefix --' command  middle  '-trailing-'
 * </pre>
 *
 * <p>{@link #parse} takes a line without its CR LF; {@link #toString} gives the line back, so
 * {@code parse(m.toString()).equals(m)} for every message. Tag values are held unescaped ({@code
 * \s} is a space); an empty value and a missing one are the same (IRCv3 says so).
 *
 * <pre>{@code
 * IRCMessage m = IRCMessage.parse(":alice!a@host PRIVMSG #torsion :hello there");
 * m.command();          // "PRIVMSG"
 * m.param(1);           // "hello there"
 * m.nick();             // "alice"
 * IRCMessage.of("PRIVMSG", "#torsion", "hi").toString();   // "PRIVMSG #torsion hi"
 * }</pre>
 */
public final class IRCMessage {
  /** RFC 2812 section 2.3: at most 15 parameters. */
  public static final int MAX_PARAMS = 15;

  private final Map<String, String> tags;
  private final String prefix;
  private final String command;
  private final List<String> params;

  private IRCMessage(Map<String, String> tags, String prefix, String command, List<String> params) {
    this.tags = tags;
    this.prefix = prefix;
    this.command = command;
    this.params = params;
  }

  /** A message with no tags and no prefix; throws IllegalArgumentException if it cannot be sent. */
  public static IRCMessage of(String command, String... params) {
    return of(Map.of(), null, command, List.of(params));
  }

  /** A message with a prefix (null for none). */
  public static IRCMessage prefixed(String prefix, String command, String... params) {
    return of(Map.of(), prefix, command, List.of(params));
  }

  /**
   * A message from its parts (tags empty, prefix null when absent); throws IllegalArgumentException
   * for a part no line can carry (a space in a middle parameter, a CR, LF or NUL anywhere...).
   */
  public static IRCMessage of(
      Map<String, String> tags, String prefix, String command, List<String> params) {
    Objects.requireNonNull(command, "command");
    if (!validCommand(command)) {
      throw new IllegalArgumentException("invalid IRC command: '" + command + "'");
    }
    if (prefix != null && (prefix.isEmpty() || !clean(prefix) || prefix.indexOf(' ') >= 0)) {
      throw new IllegalArgumentException("invalid IRC prefix: '" + prefix + "'");
    }
    if (params.size() > MAX_PARAMS) {
      throw new IllegalArgumentException("more than " + MAX_PARAMS + " IRC parameters");
    }
    for (int i = 0; i < params.size(); i++) {
      String p = Objects.requireNonNull(params.get(i), "parameter");
      if (!clean(p)) {
        throw new IllegalArgumentException("CR, LF or NUL in IRC parameter " + i);
      }
      if (i < params.size() - 1 && !middle(p)) {
        throw new IllegalArgumentException("only the last IRC parameter may be empty, start with"
            + " ':' or hold a space: '" + p + "'");
      }
    }
    Map<String, String> t = new LinkedHashMap<>();
    for (Map.Entry<String, String> e : tags.entrySet()) {
      if (!validTagKey(e.getKey())) {
        throw new IllegalArgumentException("invalid IRC tag key: '" + e.getKey() + "'");
      }
      String v = e.getValue() == null ? "" : e.getValue();
      if (v.indexOf('\0') >= 0) {
        throw new IllegalArgumentException("NUL in the value of IRC tag " + e.getKey());
      }
      t.put(e.getKey(), v);
    }
    return new IRCMessage(Collections.unmodifiableMap(t), prefix, command.toUpperCase(java.util.Locale.ROOT),
        List.copyOf(params));
  }

  /**
   * Parses one line, without its CR LF. Runs of spaces between parts count as one, as most
   * servers accept; the command is upper-cased. Throws {@link IRCParseError} (and nothing else)
   * for anything that is not a message.
   */
  public static IRCMessage parse(String line) {
    int n = line.length();
    for (int i = 0; i < n; i++) {
      char c = line.charAt(i);
      if (c == '\0' || c == '\r' || c == '\n') {
        throw new IRCParseError("NUL, CR or LF inside an IRC message");
      }
    }
    int i = skipSpaces(line, 0);
    Map<String, String> tags = Map.of();
    if (i < n && line.charAt(i) == '@') {
      int end = indexOfSpace(line, i);
      tags = parseTags(line.substring(i + 1, end));
      i = skipSpaces(line, end);
    }
    String prefix = null;
    if (i < n && line.charAt(i) == ':') {
      int end = indexOfSpace(line, i);
      prefix = line.substring(i + 1, end);
      if (prefix.isEmpty()) {
        throw new IRCParseError("empty prefix");
      }
      i = skipSpaces(line, end);
    }
    if (i >= n) {
      throw new IRCParseError("no command");
    }
    int end = indexOfSpace(line, i);
    String command = line.substring(i, end);
    if (!validCommand(command)) {
      throw new IRCParseError("invalid command: '" + command + "'");
    }
    List<String> params = new ArrayList<>();
    i = skipSpaces(line, end);
    while (i < n) {
      if (line.charAt(i) == ':' || params.size() == MAX_PARAMS - 1) {
        // RFC 2812 2.3.1: the 15th parameter is the rest of the line, with or without ':'.
        params.add(line.substring(line.charAt(i) == ':' ? i + 1 : i));
        break;
      }
      end = indexOfSpace(line, i);
      params.add(line.substring(i, end));
      i = skipSpaces(line, end);
    }
    return new IRCMessage(tags, prefix, command.toUpperCase(java.util.Locale.ROOT),
        List.copyOf(params));
  }

  /*
   * IRCv3 message-tags:  key = [ "+" ] [ vendor "/" ] 1*( letter / digit / "-" )
   * escapes in values:   "\:" ;   "\s" space   "\\" \   "\r" CR   "\n" LF   other "\x" is x
   */
  private static Map<String, String> parseTags(String raw) {
    if (raw.isEmpty()) {
      throw new IRCParseError("empty tags");
    }
    Map<String, String> tags = new LinkedHashMap<>();
    int i = 0;
    while (i <= raw.length()) {
      int semi = raw.indexOf(';', i);
      if (semi < 0) {
        semi = raw.length();
      }
      String tag = raw.substring(i, semi);
      int eq = tag.indexOf('=');
      String key = eq < 0 ? tag : tag.substring(0, eq);
      if (!validTagKey(key)) {
        throw new IRCParseError("invalid tag key: '" + key + "'");
      }
      tags.put(key, eq < 0 ? "" : unescape(tag.substring(eq + 1)));
      i = semi + 1;
      if (semi == raw.length()) {
        break;
      }
    }
    return Collections.unmodifiableMap(tags);
  }

  private static String unescape(String v) {
    if (v.indexOf('\\') < 0) {
      return v;
    }
    StringBuilder out = new StringBuilder(v.length());
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c != '\\') {
        out.append(c);
        continue;
      }
      if (++i == v.length()) {
        break; // a trailing lone backslash is dropped
      }
      char e = v.charAt(i);
      switch (e) {
        case ':' -> out.append(';');
        case 's' -> out.append(' ');
        case 'r' -> out.append('\r');
        case 'n' -> out.append('\n');
        default -> out.append(e);
      }
    }
    return out.toString();
  }

  private static void escape(String v, StringBuilder out) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      switch (c) {
        case ';' -> out.append("\\:");
        case ' ' -> out.append("\\s");
        case '\\' -> out.append("\\\\");
        case '\r' -> out.append("\\r");
        case '\n' -> out.append("\\n");
        default -> out.append(c);
      }
    }
  }

  private static int skipSpaces(String s, int i) {
    while (i < s.length() && s.charAt(i) == ' ') {
      i++;
    }
    return i;
  }

  private static int indexOfSpace(String s, int from) {
    int sp = s.indexOf(' ', from);
    return sp < 0 ? s.length() : sp;
  }

  private static boolean validCommand(String c) {
    if (c.isEmpty()) {
      return false;
    }
    boolean digits = c.length() == 3;
    boolean letters = true;
    for (int i = 0; i < c.length(); i++) {
      char ch = c.charAt(i);
      digits &= ch >= '0' && ch <= '9';
      letters &= (ch >= 'A' && ch <= 'Z') || (ch >= 'a' && ch <= 'z');
    }
    return digits || letters;
  }

  private static boolean validTagKey(String key) {
    int i = key.startsWith("+") ? 1 : 0;
    int slash = key.lastIndexOf('/');
    if (slash >= 0) {
      String vendor = key.substring(i, slash);
      if (vendor.isEmpty() || !vendor.chars().allMatch(c -> c > ' ' && c != ';' && c != '='
          && c != '/' && c != 0x7f)) {
        return false;
      }
      i = slash + 1;
    }
    if (i >= key.length()) {
      return false;
    }
    for (; i < key.length(); i++) {
      char c = key.charAt(i);
      if (!((c >= 'a' && c <= 'z') || (c >= 'A' && c <= 'Z') || (c >= '0' && c <= '9') || c == '-')) {
        return false;
      }
    }
    return true;
  }

  private static boolean clean(String s) {
    return s.indexOf('\0') < 0 && s.indexOf('\r') < 0 && s.indexOf('\n') < 0;
  }

  private static boolean middle(String p) {
    return !p.isEmpty() && p.charAt(0) != ':' && p.indexOf(' ') < 0;
  }

  /** The IRCv3 tags, unescaped, in the order received; empty when there were none. */
  public Map<String, String> tags() {
    return tags;
  }

  /** The value of tag {@code key} ("" when present without a value), or null. */
  public String tag(String key) {
    return tags.get(key);
  }

  /** The prefix without its ':' ({@code nick!user@host} or a server name), or null. */
  public String prefix() {
    return prefix;
  }

  /** The nick of a {@code nick!user@host} prefix (the whole prefix otherwise), or null. */
  public String nick() {
    if (prefix == null) {
      return null;
    }
    int bang = prefix.indexOf('!');
    int at = prefix.indexOf('@');
    int end = bang >= 0 ? bang : at >= 0 ? at : prefix.length();
    return prefix.substring(0, end);
  }

  /** The command, upper-cased: {@code PRIVMSG}, or a numeric such as {@code 001}. */
  public String command() {
    return command;
  }

  /** The parameters, the trailing one included without its ':'. */
  public List<String> params() {
    return params;
  }

  /** Parameter {@code i}, or "" when there are not that many. */
  public String param(int i) {
    return i < params.size() ? params.get(i) : "";
  }

  /** This message with {@code prefix} as its prefix (null for none). */
  public IRCMessage withPrefix(String prefix) {
    return of(tags, prefix, command, params);
  }

  /** The line, without CR LF: the last parameter gets a ':' when it needs one (or is the 15th). */
  @Override
  public String toString() {
    StringBuilder out = new StringBuilder(64);
    if (!tags.isEmpty()) {
      out.append('@');
      boolean first = true;
      for (Map.Entry<String, String> e : tags.entrySet()) {
        if (!first) {
          out.append(';');
        }
        first = false;
        out.append(e.getKey());
        if (!e.getValue().isEmpty()) {
          out.append('=');
          escape(e.getValue(), out);
        }
      }
      out.append(' ');
    }
    if (prefix != null) {
      out.append(':').append(prefix).append(' ');
    }
    out.append(command);
    for (int i = 0; i < params.size(); i++) {
      String p = params.get(i);
      out.append(' ');
      if (i == params.size() - 1 && (!middle(p) || i == MAX_PARAMS - 1)) {
        out.append(':');
      }
      out.append(p);
    }
    return out.toString();
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof IRCMessage m && tags.equals(m.tags) && Objects.equals(prefix, m.prefix)
        && command.equals(m.command) && params.equals(m.params);
  }

  @Override
  public int hashCode() {
    return Objects.hash(tags, prefix, command, params);
  }
}
