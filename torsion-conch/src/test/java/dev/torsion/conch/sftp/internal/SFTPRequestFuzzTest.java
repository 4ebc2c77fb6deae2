package dev.torsion.conch.sftp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.conch.ssh.internal.SSHProtocolError;
import java.util.ArrayList;
import java.util.List;

/**
 * SFTP's framing and request decoding under Jazzer: requests or SSHProtocolError, never
 * anything else; lengths refused before buffering; the same packets for any split; names that
 * normalise never climb above "/". Seeds in SFTPRequestFuzzTestInputs/.
 */
class SFTPRequestFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void requestsDecodeOrFailWithProtocolError(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      SFTPRequest q = SFTPRequest.parse(body);
      assertThat(q.offset()).isNotNegative();
      if (q.data() != null) {
        assertThat(q.data().length).isLessThan(body.length);
      }
      if (q.path() != null) {
        assertThat(ConfinedPaths.normalize(q.path())).startsWith("/").doesNotContain("/../")
            .doesNotEndWith("/..");
      }
    } catch (SSHProtocolError e) {
      assertThat(e.reason).isEqualTo(SSHProtocolError.PROTOCOL_ERROR);
    }
  }

  @FuzzTest(maxDuration = "10s")
  void framingIsBoundedAndSplitProof(FuzzedDataProvider data) {
    int split = data.consumeInt(0, 2000);
    byte[] bytes = data.consumeRemainingAsBytes();
    List<String> whole = frames(bytes, bytes.length);
    List<String> parts = frames(bytes, Math.min(split, bytes.length));
    assertThat(parts).isEqualTo(whole);
  }

  private static List<String> frames(byte[] bytes, int split) {
    SFTPFramer f = new SFTPFramer(4096);
    List<String> out = new ArrayList<>();
    try {
      f.feed(java.util.Arrays.copyOf(bytes, split));
      for (byte[] b; (b = f.next()) != null; ) {
        out.add(java.util.HexFormat.of().formatHex(b));
      }
      f.feed(java.util.Arrays.copyOfRange(bytes, split, bytes.length));
      for (byte[] b; (b = f.next()) != null; ) {
        out.add(java.util.HexFormat.of().formatHex(b));
      }
      assertThat(f.buffered()).isLessThanOrEqualTo(4 + 4096);
    } catch (SSHProtocolError e) {
      out.add("error");
    }
    return out;
  }
}
