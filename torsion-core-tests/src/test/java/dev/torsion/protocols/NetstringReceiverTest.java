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

class NetstringReceiverTest {
  static final class Recorder extends NetstringReceiver {
    final List<String> strings = new ArrayList<>();

    @Override
    public void stringReceived(byte[] s) {
      strings.add(text(s));
    }
  }

  static int[] chunkSizes() {
    return Feed.chunkSizes();
  }

  private StringTransport transport;

  private Recorder connected() {
    transport = new StringTransport();
    Recorder r = new Recorder();
    r.makeConnection(transport);
    return r;
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void deliversEachNetstring(int chunk) {
    Recorder r = connected();
    feed(r, "12:hello world!,0:,3:a:b,", chunk);
    assertThat(r.strings).containsExactly("hello world!", "", "a:b");
    assertThat(r.isBrokenPeer()).isFalse();
    assertThat(transport.disconnecting).isFalse();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aMissingCommaClosesTheConnection(int chunk) {
    Recorder r = connected();
    feed(r, "3:abc;5:never,", chunk);
    assertThat(r.strings).isEmpty();
    assertThat(r.isBrokenPeer()).isTrue();
    assertThat(transport.disconnecting).isTrue();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aMissingLengthClosesTheConnection(int chunk) {
    Recorder r = connected();
    feed(r, "1:a,:abc,", chunk);
    assertThat(r.strings).containsExactly("a");
    assertThat(r.isBrokenPeer()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void garbageInsteadOfALengthClosesTheConnection(int chunk) {
    Recorder r = connected();
    feed(r, "hello", chunk);
    assertThat(r.isBrokenPeer()).isTrue();
    assertThat(transport.disconnecting).isTrue();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void leadingZerosAreRefused(int chunk) {
    Recorder r = connected();
    feed(r, "03:abc,", chunk);
    assertThat(r.strings).isEmpty();
    assertThat(r.isBrokenPeer()).isTrue();
  }

  @ParameterizedTest
  @MethodSource("chunkSizes")
  void aLengthOverMaxLengthIsRefusedBeforeThePayloadArrives(int chunk) {
    Recorder r = connected();
    r.MAX_LENGTH = 50;
    feed(r, "51:", chunk);
    assertThat(r.isBrokenPeer()).isTrue();
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void anEndlessLengthIsRefusedAfterAFewDigits() {
    Recorder r = connected();
    // MAX_LENGTH 99999 has 5 digits; the 6th nonzero digit already makes it too long.
    feed(r, "999999", 1);
    assertThat(r.isBrokenPeer()).isTrue();
  }

  @Test
  void nothingIsDeliveredAfterAParseError() {
    Recorder r = connected();
    r.dataReceived(Feed.bytes("x"));
    r.dataReceived(Feed.bytes("1:a,"));
    assertThat(r.strings).isEmpty();
  }

  @Test
  void sendStringFramesThePayload() {
    Recorder r = connected();
    r.sendString(Feed.bytes("hello"));
    r.sendString(new byte[0]);
    assertThat(transport.valueString()).isEqualTo("5:hello,0:,");
  }
}
