package dev.torsion.words.irc.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class LineFramerTest {
  final List<String> events = new ArrayList<>();
  final LineFramer framer = new LineFramer();
  final LineFramer.Sink sink = new LineFramer.Sink() {
    @Override public void line(String line) {
      events.add(line);
    }

    @Override public void tooLong() {
      events.add("<too long>");
    }
  };

  void feed(String s) {
    framer.feed(s.getBytes(StandardCharsets.ISO_8859_1), sink, () -> false);
  }

  @Test
  void splitsOnCrLfAndLoneLfAndSkipsEmptyLines() {
    feed("NICK a\r\nUSER a 0 * :A\n\r\n\nPI");
    feed("NG x\r");
    feed("\n");

    assertThat(events).containsExactly("NICK a", "USER a 0 * :A", "PING x");
  }

  @Test
  void aLineOf510BytesPassesAndOneOf511IsRefusedOnceAndDiscardedToItsEnd() {
    feed("A".repeat(510) + "\r\n");
    feed("B".repeat(511));
    assertThat(framer.buffered()).isLessThanOrEqualTo(511);
    feed("B".repeat(100_000));
    assertThat(framer.buffered()).isZero();
    feed("\r\nPING ok\r\n");

    assertThat(events).containsExactly("A".repeat(510), "<too long>", "PING ok");
  }

  @Test
  void tagsHaveTheirOwnAllowanceOnTopOfTheMessage() {
    feed("@t=" + "x".repeat(4000) + " PRIVMSG #a :" + "y".repeat(490) + "\r\n");
    feed("@t=x " + "z".repeat(511) + "\r\n");

    assertThat(events).hasSize(2);
    assertThat(events.get(0)).startsWith("@t=xxx").endsWith("yyy");
    assertThat(events.get(1)).isEqualTo("<too long>");
  }

  @Test
  void invalidUtf8IsReadAsLatin1() {
    framer.feed(new byte[] {'H', 'I', ' ', (byte) 0xe9, '\n'}, sink, () -> false);

    assertThat(events).containsExactly("HI \u00e9");
  }
}
