package dev.torsion.internet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.ssl.Pem;
import dev.torsion.internet.ssl.internal.DerReader;
import dev.torsion.internet.ssl.internal.PrivateKeys;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.util.List;

/**
 * PEM and DER reading under Jazzer: Pem.parse and the key and certificate loaders on any text,
 * DerReader and the PKCS#8, PKCS#1 and SEC1 key readers on any bytes. Only
 * IllegalArgumentException (and GeneralSecurityException from the key readers, as declared)
 * escapes; every TLV lies inside its input, however deep; and a block written again by
 * Pem.encode parses to the same label and bytes. Seeds in PemDerFuzzTestInputs/.
 */
class PemDerFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void pem(FuzzedDataProvider data) {
    String text = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
    List<Pem.Block> blocks;
    try {
      blocks = Pem.parse(text);
    } catch (IllegalArgumentException refused) {
      return;
    }
    for (Pem.Block b : blocks) {
      assertThat(b.der().length).isLessThanOrEqualTo(text.length());
      List<Pem.Block> again = Pem.parse(Pem.encode(b.label(), b.der()));
      assertThat(again).hasSize(1);
      assertThat(again.get(0).label()).isEqualTo(b.label());
      assertThat(again.get(0).der()).isEqualTo(b.der());
    }
    try {
      Pem.parseCertificates(text);
    } catch (IllegalArgumentException refused) {
      // a bad certificate
    }
    try {
      Pem.parsePrivateKey(text);
    } catch (IllegalArgumentException refused) {
      // no key, two keys, or a bad one
    }
  }

  private static int walk(DerReader.Tlv tlv, byte[] src, int depth) {
    assertThat(tlv.offset()).isBetween(0, src.length);
    assertThat(tlv.offset() + tlv.length()).isBetween(tlv.offset(), src.length);
    int n = 1;
    if ((tlv.tag() & 0x20) != 0 && depth < 64) { // constructed
      try {
        for (DerReader.Tlv child : tlv.children()) {
          assertThat(child.offset()).isGreaterThanOrEqualTo(tlv.offset());
          assertThat(child.offset() + child.length()).isLessThanOrEqualTo(tlv.offset() + tlv.length());
          n += walk(child, src, depth + 1);
        }
      } catch (IllegalArgumentException refused) {
        // a malformed inner value
      }
    }
    return n;
  }

  @FuzzTest(maxDuration = "20s")
  void der(FuzzedDataProvider data) {
    int which = data.consumeInt(0, 2);
    byte[] der = data.consumeRemainingAsBytes();
    try {
      DerReader.Tlv tlv = DerReader.read(der);
      assertThat(walk(tlv, der, 0)).isLessThanOrEqualTo(der.length);
    } catch (IllegalArgumentException refused) {
      // not one DER value
    }
    try {
      switch (which) {
        case 0 -> PrivateKeys.fromPkcs8(der);
        case 1 -> PrivateKeys.fromPkcs1(der);
        default -> PrivateKeys.fromSec1(der);
      }
    } catch (GeneralSecurityException | IllegalArgumentException refused) {
      // not a key of that kind
    }
  }
}
