package dev.torsion.protocols;

import static dev.torsion.protocols.Feed.feed;
import static dev.torsion.protocols.Feed.text;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.trial.StringTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Supplier;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class IntNStringReceiverTest {
  interface Recording {
    List<String> strings();

    List<Long> exceeded();
  }

  static final class R8 extends Int8StringReceiver implements Recording {
    final List<String> strings = new ArrayList<>();
    final List<Long> exceeded = new ArrayList<>();

    @Override public void stringReceived(byte[] s) { strings.add(text(s)); }
    @Override public void lengthLimitExceeded(long length) { exceeded.add(length); super.lengthLimitExceeded(length); }
    @Override public List<String> strings() { return strings; }
    @Override public List<Long> exceeded() { return exceeded; }
  }

  static final class R16 extends Int16StringReceiver implements Recording {
    final List<String> strings = new ArrayList<>();
    final List<Long> exceeded = new ArrayList<>();

    @Override public void stringReceived(byte[] s) { strings.add(text(s)); }
    @Override public void lengthLimitExceeded(long length) { exceeded.add(length); super.lengthLimitExceeded(length); }
    @Override public List<String> strings() { return strings; }
    @Override public List<Long> exceeded() { return exceeded; }
  }

  static final class R32 extends Int32StringReceiver implements Recording {
    final List<String> strings = new ArrayList<>();
    final List<Long> exceeded = new ArrayList<>();

    @Override public void stringReceived(byte[] s) { strings.add(text(s)); }
    @Override public void lengthLimitExceeded(long length) { exceeded.add(length); super.lengthLimitExceeded(length); }
    @Override public List<String> strings() { return strings; }
    @Override public List<Long> exceeded() { return exceeded; }
  }

  static Stream<Arguments> receivers() {
    List<Arguments> out = new ArrayList<>();
    Object[][] kinds = {
      {1, (Supplier<IntNStringReceiver>) R8::new},
      {2, (Supplier<IntNStringReceiver>) R16::new},
      {4, (Supplier<IntNStringReceiver>) R32::new},
    };
    for (Object[] kind : kinds) {
      for (int chunk : Feed.chunkSizes()) {
        out.add(Arguments.of(kind[0], kind[1], chunk));
      }
    }
    return out.stream();
  }

  static byte[] frame(int prefix, String payload) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    long n = payload.length();
    for (int i = prefix - 1; i >= 0; i--) {
      out.write((int) (n >>> (8 * i)) & 0xff);
    }
    out.writeBytes(Feed.bytes(payload));
    return out.toByteArray();
  }

  static byte[] concat(byte[]... parts) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (byte[] p : parts) {
      out.writeBytes(p);
    }
    return out.toByteArray();
  }

  @ParameterizedTest
  @MethodSource("receivers")
  void deliversEachPayload(int prefix, Supplier<IntNStringReceiver> make, int chunk) {
    IntNStringReceiver r = make.get();
    r.makeConnection(new StringTransport());
    feed(r, concat(frame(prefix, "hello"), frame(prefix, ""), frame(prefix, "world!")), chunk);
    assertThat(((Recording) r).strings()).containsExactly("hello", "", "world!");
  }

  @ParameterizedTest
  @MethodSource("receivers")
  void aLengthOverMaxLengthDropsTheConnectionBeforeBuffering(
      int prefix, Supplier<IntNStringReceiver> make, int chunk) {
    StringTransport transport = new StringTransport();
    IntNStringReceiver r = make.get();
    r.makeConnection(transport);
    r.MAX_LENGTH = 10;
    feed(r, concat(frame(prefix, "ok"), frame(prefix, "0123456789A")), chunk);
    assertThat(((Recording) r).strings()).containsExactly("ok");
    assertThat(((Recording) r).exceeded()).containsExactly(11L);
    assertThat(transport.disconnecting).isTrue();
  }

  @ParameterizedTest
  @MethodSource("receivers")
  void sendStringRoundTrips(int prefix, Supplier<IntNStringReceiver> make, int chunk) {
    StringTransport out = new StringTransport();
    IntNStringReceiver sender = make.get();
    sender.makeConnection(out);
    sender.sendString(Feed.bytes("abc"));
    sender.sendString(Feed.bytes(""));
    assertThat(out.value()).isEqualTo(concat(frame(prefix, "abc"), frame(prefix, "")));

    IntNStringReceiver receiver = make.get();
    receiver.makeConnection(new StringTransport());
    feed(receiver, out.value(), chunk);
    assertThat(((Recording) receiver).strings()).containsExactly("abc", "");
  }

  @Test
  void int32LengthsAreUnsigned() {
    StringTransport transport = new StringTransport();
    R32 r = new R32();
    r.makeConnection(transport);
    r.dataReceived(new byte[] {(byte) 0xff, (byte) 0xff, (byte) 0xff, (byte) 0xff});
    assertThat(r.exceeded).containsExactly(0xffffffffL);
  }

  @Test
  void sendStringRefusesWhatThePrefixCannotExpress() {
    R8 r = new R8();
    r.makeConnection(new StringTransport());
    assertThatThrownBy(() -> r.sendString(new byte[256]))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining("256 bytes")
        .hasMessageContaining("at most 255");
  }

  @Test
  void pausingHoldsStringsUntilResumed() {
    R16 r = new R16();
    r.makeConnection(new StringTransport());
    r.pauseProducing();
    r.dataReceived(concat(frame(2, "a"), frame(2, "b")));
    assertThat(r.strings).isEmpty();
    r.resumeProducing();
    assertThat(r.strings).containsExactly("a", "b");
  }
}
