package dev.torsion.words.irc.internal;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/**
 * Cuts a message into pieces that each fit one line: at newlines first, then at the last space
 * before the byte limit, and inside a word only when it has no space (never inside a UTF-8
 * character). CR and NUL, which no line may carry, are dropped.
 */
public final class MessageSplitter {
  private MessageSplitter() {}

  public static List<String> split(String message, int maxBytes) {
    if (maxBytes < 4) {
      throw new IllegalArgumentException("maxBytes must be at least 4: " + maxBytes);
    }
    List<String> out = new ArrayList<>();
    for (String line : message.replace("\r", "").replace("\0", "").split("\n")) {
      if (line.isEmpty()) {
        continue;
      }
      String rest = line;
      while (rest.getBytes(StandardCharsets.UTF_8).length > maxBytes) {
        int cut = fit(rest, maxBytes);
        int space = rest.lastIndexOf(' ', cut);
        int end = space > 0 ? space : cut;
        out.add(rest.substring(0, end));
        rest = rest.substring(space > 0 ? end + 1 : end);
      }
      if (!rest.isEmpty()) {
        out.add(rest);
      }
    }
    return out;
  }

  /** The most chars of {@code s} whose UTF-8 takes at most {@code maxBytes}, surrogates kept whole. */
  private static int fit(String s, int maxBytes) {
    int bytes = 0;
    int i = 0;
    while (i < s.length()) {
      int cp = s.codePointAt(i);
      int n = cp < 0x80 ? 1 : cp < 0x800 ? 2 : cp < 0x10000 ? 3 : 4;
      if (bytes + n > maxBytes) {
        break;
      }
      bytes += n;
      i += Character.charCount(cp);
    }
    return i;
  }
}
