package dev.torsion.protocols;

import static dev.torsion.protocols.Feed.bytes;
import static dev.torsion.protocols.Feed.text;
import static org.assertj.core.api.Assertions.assertThat;

import org.junit.jupiter.api.Test;

class ReceiveBufferTest {
  @Test
  void aChunkAppendedToAnEmptyBufferIsHandedBackWithoutACopy() {
    ReceiveBuffer buffer = new ReceiveBuffer();
    byte[] chunk = bytes("raw bytes");
    buffer.append(chunk);
    assertThat(buffer.takeAll()).isSameAs(chunk);
    assertThat(buffer.isEmpty()).isTrue();
  }

  @Test
  void appendsAfterAPartialFrameKeepOrder() {
    ReceiveBuffer buffer = new ReceiveBuffer();
    buffer.append(bytes("ab"));
    buffer.skip(1);
    for (char c : "cdefghij".toCharArray()) {
      buffer.append(new byte[] {(byte) c});
    }
    assertThat(text(buffer.take(3))).isEqualTo("bcd");
    assertThat(text(buffer.takeAll())).isEqualTo("efghij");
  }

  @Test
  void findsADelimiterSplitAcrossAppends() {
    ReceiveBuffer buffer = new ReceiveBuffer();
    buffer.append(bytes("hello\r"));
    assertThat(buffer.indexOf(bytes("\r\n"), 0)).isEqualTo(-1);
    buffer.append(bytes("\nrest"));
    assertThat(buffer.indexOf(bytes("\r\n"), 4)).isEqualTo(5);
  }

  @Test
  void growsPastItsFirstCapacity() {
    ReceiveBuffer buffer = new ReceiveBuffer();
    buffer.append(bytes("x"));
    byte[] big = new byte[100_000];
    big[99_999] = 7;
    buffer.append(big);
    assertThat(buffer.size()).isEqualTo(100_001);
    assertThat(buffer.get(100_000)).isEqualTo((byte) 7);
  }
}
