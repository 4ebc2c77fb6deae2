package dev.torsion.conch.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.conch.ssh.HostKey;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;
import org.junit.jupiter.api.Test;

class KnownHostsTest {
  static final HostKey A = HostKey.generateEd25519();
  static final HostKey B = HostKey.generateEd25519();

  @Test
  void plainNamesWithAndWithoutPorts() {
    KnownHosts k = KnownHosts.parse("example.org,192.0.2.1 " + A.publicKeyLine() + "\n"
        + "[example.org]:2222 " + B.publicKeyLine() + " comment\n");
    assertThat(k.verify("example.org", 22, A.publicBlob())).isEqualTo(KnownHosts.Verdict.TRUSTED);
    assertThat(k.verify("192.0.2.1", 22, A.publicBlob())).isEqualTo(KnownHosts.Verdict.TRUSTED);
    assertThat(k.verify("example.org", 2222, B.publicBlob()))
        .isEqualTo(KnownHosts.Verdict.TRUSTED);
    assertThat(k.verify("example.org", 2222, A.publicBlob()))
        .isEqualTo(KnownHosts.Verdict.MISMATCH);
    assertThat(k.verify("other.org", 22, A.publicBlob())).isEqualTo(KnownHosts.Verdict.UNKNOWN);
  }

  @Test
  void hashedNamesAsSshKeygenHWritesThem() throws Exception {
    byte[] salt = new byte[20];
    Mac mac = Mac.getInstance("HmacSHA1");
    mac.init(new SecretKeySpec(salt, "HmacSHA1"));
    String hash = Base64.getEncoder().encodeToString(
        mac.doFinal("[h.example]:2200".getBytes(StandardCharsets.UTF_8)));
    KnownHosts k = KnownHosts.parse("|1|" + Base64.getEncoder().encodeToString(salt) + "|" + hash
        + " " + A.publicKeyLine() + "\n");
    assertThat(k.verify("h.example", 2200, A.publicBlob())).isEqualTo(KnownHosts.Verdict.TRUSTED);
    assertThat(k.verify("h.example", 22, A.publicBlob())).isEqualTo(KnownHosts.Verdict.UNKNOWN);
  }

  @Test
  void patternsNegationAndRevocation() {
    KnownHosts k = KnownHosts.parse("*.example.org,!bad.example.org " + A.publicKeyLine() + "\n"
        + "@revoked * " + B.publicKeyLine() + "\n# a comment\n\ngarbage\n");
    assertThat(k.verify("www.example.org", 22, A.publicBlob()))
        .isEqualTo(KnownHosts.Verdict.TRUSTED);
    assertThat(k.verify("bad.example.org", 22, A.publicBlob()))
        .isEqualTo(KnownHosts.Verdict.UNKNOWN);
    assertThat(k.verify("www.example.org", 22, B.publicBlob()))
        .isEqualTo(KnownHosts.Verdict.REVOKED);
  }
}
