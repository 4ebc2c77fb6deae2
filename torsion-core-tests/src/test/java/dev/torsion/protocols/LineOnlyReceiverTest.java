package dev.torsion.protocols;

import static dev.torsion.protocols.Feed.feed;
import static dev.torsion.protocols.Feed.text;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.MethodSource;

class LineOnlyReceiverTest {
  static final class Recorder extends LineOnlyReceiver {
    final List<String> lines = new ArrayList<>();
    final List<String> exceeded = new ArrayList<>();

    @Override
    public void lineReceived(byte[] line) {
      lines.add(text(line));
      if (text(line).equals("QUIT")) {
        transport.loseConnection();
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

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void deliversEachLineWithoutItsDelimiter(int chunk) {
    Recorder r = new Recorder();
    r.makeConnection(new StringTransport());
    feed(r, "GET /\r\nHost: x\r\n\r\npartial", chunk);
    assertThat(r.lines).containsExactly("GET /", "Host: x", "");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void stopsAfterTheLineThatClosedTheConnection(int chunk) {
    StringTransport transport = new StringTransport();
    Recorder r = new Recorder();
    r.makeConnection(transport);
    feed(r, "a\r\nQUIT\r\nb\r\n", chunk);
    assertThat(r.lines).containsExactly("a", "QUIT");
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void tooLongLinesDropTheConnection(int chunk) {
    StringTransport transport = new StringTransport();
    Recorder r = new Recorder();
    r.makeConnection(transport);
    r.MAX_LENGTH = 4;
    feed(r, "ok\r\n12345", chunk);
    assertThat(r.lines).containsExactly("ok");
    assertThat(r.exceeded).containsExactly("12345");
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void sendLineWritesTheLineAndDelimiter() {
    StringTransport transport = new StringTransport();
    Recorder r = new Recorder();
    r.makeConnection(transport);
    r.sendLine("hi");
    assertThat(transport.valueString()).isEqualTo("hi\r\n");
  }
}
