package dev.torsion.protocols;

import static dev.torsion.protocols.Feed.bytes;
import static dev.torsion.protocols.Feed.feed;
import static dev.torsion.protocols.Feed.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineReceiverTest {
  /** Records lines and raw chunks; "RAW n" switches to raw mode for n bytes, then back. */
  static final class Recorder extends LineReceiver {
    final List<String> events = new ArrayList<>();
    final List<String> exceeded = new ArrayList<>();
    int rawLeft;

    @Override
    public void lineReceived(byte[] line) {
      String s = text(line);
      events.add("line:" + s);
      if (s.startsWith("RAW ")) {
        rawLeft = Integer.parseInt(s.substring(4));
        setRawMode();
      } else if (s.equals("QUIT")) {
        transport.loseConnection();
      } else if (s.equals("CLEAR")) {
        clearLineBuffer();
      }
    }

    @Override
    public void rawDataReceived(byte[] data) {
      int n = Math.min(rawLeft, data.length);
      events.add("raw:" + text(java.util.Arrays.copyOf(data, n)));
      rawLeft -= n;
      if (rawLeft == 0) {
        setLineMode(java.util.Arrays.copyOfRange(data, n, data.length));
      }
    }

    @Override
    public void lineLengthExceeded(byte[] line) {
      exceeded.add(text(line));
      super.lineLengthExceeded(line);
    }
  }

  static int[] chunkSizes() {
    return Feed.chunkSizes();
  }

  private static Recorder connected(StringTransport transport) {
    Recorder r = new Recorder();
    r.makeConnection(transport);
    return r;
  }

  /** Raw events may be split over several chunks; join consecutive ones to compare. */
  private static List<String> joined(List<String> events) {
    List<String> out = new ArrayList<>();
    for (String e : events) {
      int last = out.size() - 1;
      if (e.startsWith("raw:") && last >= 0 && out.get(last).startsWith("raw:")) {
        out.set(last, out.get(last) + e.substring(4));
      } else if (!e.equals("raw:")) {
        out.add(e);
      }
    }
    return out;
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void splitsLinesOnCrLf(int chunk) {
    Recorder r = connected(new StringTransport());
    feed(r, "one\r\ntwo\r\n\r\nthree", chunk);
    assertThat(r.events).containsExactly("line:one", "line:two", "line:");
    feed(r, "\r\n", chunk);
    assertThat(r.events).endsWith("line:three");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aLoneCrOrLfIsPartOfTheLine(int chunk) {
    Recorder r = connected(new StringTransport());
    feed(r, "a\rb\nc\r\n", chunk);
    assertThat(r.events).containsExactly("line:a\rb\nc");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void switchingToRawModeInsideLineReceivedSendsTheRestOfTheBufferToRawDataReceived(int chunk) {
    Recorder r = connected(new StringTransport());
    feed(r, "header\r\nRAW 10\r\n0123456789after\r\nlast\r\n", chunk);
    assertThat(joined(r.events))
        .containsExactly("line:header", "line:RAW 10", "raw:0123456789", "line:after", "line:last");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void rawDataThatLooksLikeLinesIsNotParsed(int chunk) {
    Recorder r = connected(new StringTransport());
    feed(r, "RAW 6\r\na\r\nb\r\nc\r\n", chunk);
    assertThat(joined(r.events)).containsExactly("line:RAW 6", "raw:a\r\nb\r\n", "line:c");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void noLinesAreDeliveredAfterTheTransportStartsDisconnecting(int chunk) {
    StringTransport transport = new StringTransport();
    Recorder r = connected(transport);
    feed(r, "a\r\nQUIT\r\nb\r\nc\r\n", chunk);
    assertThat(r.events).containsExactly("line:a", "line:QUIT");
    assertThat(transport.disconnecting).isTrue();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aLineLongerThanMaxLengthDropsTheConnection(int chunk) {
    StringTransport transport = new StringTransport();
    Recorder r = connected(transport);
    r.MAX_LENGTH = 8;
    feed(r, "short\r\n123456789\r\nnext\r\n", chunk);
    assertThat(r.events).containsExactly("line:short");
    assertThat(r.exceeded).hasSize(1);
    assertThat(r.exceeded.get(0)).startsWith("123456789");
    assertThat(transport.disconnecting).isTrue();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void anEndlessLineWithoutDelimiterIsCutOffAtMaxLength(int chunk) {
    StringTransport transport = new StringTransport();
    Recorder r = connected(transport);
    r.MAX_LENGTH = 8;
    feed(r, "x".repeat(9), chunk);
    assertThat(transport.disconnecting).isFalse(); // 9 bytes might still be 8 + a half delimiter
    feed(r, "x", chunk);
    assertThat(transport.disconnecting).isTrue();
    assertThat(r.exceeded).containsExactly("x".repeat(10));
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aLineOfExactlyMaxLengthIsAccepted(int chunk) {
    StringTransport transport = new StringTransport();
    Recorder r = connected(transport);
    r.MAX_LENGTH = 8;
    feed(r, "12345678\r\n", chunk);
    assertThat(r.events).containsExactly("line:12345678");
    assertThat(transport.disconnecting).isFalse();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aCustomDelimiterSplitsLines(int chunk) {
    Recorder r = connected(new StringTransport());
    r.delimiter = bytes("\n");
    feed(r, "a\nb\r\nc", chunk);
    assertThat(r.events).containsExactly("line:a", "line:b\r");
  }

  @org.junit.jupiter.api.Test
  void clearLineBufferInsideLineReceivedDropsWhatFollowsInTheBuffer() {
    Recorder r = connected(new StringTransport());
    r.dataReceived(bytes("CLEAR\r\ndropped\r\n"));
    assertThat(r.events).containsExactly("line:CLEAR");
    r.dataReceived(bytes("kept\r\n"));
    assertThat(r.events).containsExactly("line:CLEAR", "line:kept");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void whilePausedNoLinesAreDeliveredAndResumeDeliversTheBufferedOnes(int chunk) {
    StringTransport transport = new StringTransport();
    Recorder r = connected(transport);
    r.pauseProducing();
    assertThat(transport.producerState).isEqualTo(StringTransport.ProducerState.PAUSED);
    feed(r, "a\r\nb\r\n", chunk);
    assertThat(r.events).isEmpty();
    r.resumeProducing();
    assertThat(r.events).containsExactly("line:a", "line:b");
    assertThat(transport.producerState).isEqualTo(StringTransport.ProducerState.PRODUCING);
  }

  @org.junit.jupiter.api.Test
  void sendLineAppendsTheDelimiter() {
    StringTransport transport = new StringTransport();
    Recorder r = connected(transport);
    r.sendLine("héllo");
    r.sendLine(bytes("x"));
    assertThat(transport.value()).isEqualTo("héllo\r\nx\r\n".getBytes(java.nio.charset.StandardCharsets.UTF_8));
  }

  @org.junit.jupiter.api.Test
  void rawModeHandsOverTheReceivedArrayWithoutCopying() {
    byte[][] seen = new byte[1][];
    LineReceiver raw =
        new LineReceiver() {
          @Override
          public void lineReceived(byte[] line) {}

          @Override
          public void rawDataReceived(byte[] data) {
            seen[0] = data;
          }
        };
    raw.makeConnection(new StringTransport());
    raw.setRawMode();
    byte[] chunk = bytes("abc");
    raw.dataReceived(chunk);
    assertThat(seen[0]).isSameAs(chunk);
  }
}
