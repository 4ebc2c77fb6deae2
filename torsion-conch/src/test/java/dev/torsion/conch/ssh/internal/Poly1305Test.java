package dev.torsion.conch.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

class Poly1305Test {
  @Test
  void rfc8439Section252Vector() {
    byte[] key = HexFormat.of().parseHex(
        "85d6be7857556d337f4452fe42d506a80103808afb0db2fd4abff6af4149f51b");
    byte[] msg = "Cryptographic Forum Research Group".getBytes(StandardCharsets.US_ASCII);
    assertThat(HexFormat.of().formatHex(Poly1305.mac(key, msg, 0, msg.length)))
        .isEqualTo("a8061dc1305136c6c22b8baf0c0127a9");
  }

  @Test
  void anEmptyMessageTagsAsS() {
    byte[] key = new byte[32];
    for (int i = 16; i < 32; i++) {
      key[i] = (byte) i;
    }
    assertThat(Poly1305.mac(key, new byte[0], 0, 0))
        .isEqualTo(java.util.Arrays.copyOfRange(key, 16, 32));
  }
}
