package dev.torsion.conch.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import javax.crypto.Cipher;

/**
 * The SSH wire parsers under Jazzer: the packet decoder (clear and encrypted), KEXINIT, the
 * key exchange public values and the version line. Each fails only with SSHProtocolError,
 * holds no more than it was given, and gives the same packets however the bytes are split.
 * Seeds in WireFuzzTestInputs/.
 */
class WireFuzzTest {
  private static final byte[] KEY = new byte[64];
  private static final byte[] IV = new byte[16];

  static {
    for (int i = 0; i < 64; i++) {
      KEY[i] = (byte) i;
    }
  }

  private static PacketCipher cipher(int kind, boolean sending) {
    return switch (kind) {
      case 0 -> PacketCipher.none();
      case 1 -> new ChaChaPolyCipher(KEY);
      case 2 -> new AesGcmCipher(Arrays.copyOf(KEY, 16), Arrays.copyOf(IV, 12));
      case 3 -> new AesCtrHmacCipher(sending ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
          Arrays.copyOf(KEY, 16), IV, "HmacSHA256", Arrays.copyOf(KEY, 32), false);
      default -> new AesCtrHmacCipher(sending ? Cipher.ENCRYPT_MODE : Cipher.DECRYPT_MODE,
          Arrays.copyOf(KEY, 32), IV, "HmacSHA512", KEY, true);
    };
  }

  /** Raw bytes into a decoder: packets or SSHProtocolError, nothing else. */
  @FuzzTest(maxDuration = "10s")
  void packetDecoderFailsOnlyWithProtocolError(FuzzedDataProvider data) {
    int kind = data.consumeInt(0, 4);
    byte[] bytes = data.consumeRemainingAsBytes();
    PacketDecoder d = new PacketDecoder();
    d.setCipher(cipher(kind, false), false);
    try {
      d.feed(bytes, 0, bytes.length);
      for (byte[] p; (p = d.next()) != null; ) {
        assertThat(p.length).isPositive().isLessThanOrEqualTo(bytes.length);
      }
      assertThat(d.buffered()).isLessThanOrEqualTo(bytes.length);
    } catch (SSHProtocolError e) {
      assertThat(e.reason).isIn(SSHProtocolError.PROTOCOL_ERROR, SSHProtocolError.MAC_ERROR);
    }
  }

  /** Sealed packets, split anywhere, open to the same payloads in the same order. */
  @FuzzTest(maxDuration = "10s")
  void sealedPacketsSplitAnywhereOpenWhole(FuzzedDataProvider data) {
    int kind = data.consumeInt(0, 4);
    PacketEncoder enc = new PacketEncoder();
    enc.setCipher(cipher(kind, true), false);
    List<byte[]> payloads = new ArrayList<>();
    java.io.ByteArrayOutputStream wire = new java.io.ByteArrayOutputStream();
    int n = data.consumeInt(1, 8);
    for (int i = 0; i < n; i++) {
      byte[] p = data.consumeBytes(data.consumeInt(1, 3000));
      if (p.length == 0) {
        p = new byte[] {2};
      }
      payloads.add(p);
      wire.writeBytes(enc.encode(p));
    }
    byte[] all = wire.toByteArray();
    PacketDecoder dec = new PacketDecoder();
    dec.setCipher(cipher(kind, false), false);
    List<byte[]> got = new ArrayList<>();
    int off = 0;
    while (off < all.length) {
      int len = Math.min(all.length - off, data.remainingBytes() > 0 ? data.consumeInt(1, 700) : 700);
      dec.feed(all, off, len);
      off += len;
      for (byte[] p; (p = dec.next()) != null; ) {
        got.add(p);
      }
    }
    assertThat(got).hasSameSizeAs(payloads);
    for (int i = 0; i < got.size(); i++) {
      assertThat(got.get(i)).isEqualTo(payloads.get(i));
    }
  }

  @FuzzTest(maxDuration = "10s")
  void kexInitParsesOrFailsWithProtocolError(FuzzedDataProvider data) {
    byte[] body = data.consumeRemainingAsBytes();
    try {
      KexInit k = KexInit.parse(new SSHReader(body));
      assertThat(k.kexAlgorithms().size()).isLessThanOrEqualTo(body.length);
      assertThat(k.hostKeyAlgorithms().size()).isLessThanOrEqualTo(body.length);
    } catch (SSHProtocolError e) {
      assertThat(e.reason).isIn(SSHProtocolError.PROTOCOL_ERROR,
          SSHProtocolError.KEY_EXCHANGE_FAILED);
    }
  }

  /** The client's public value, for each key exchange: a secret or KEY_EXCHANGE_FAILED. */
  @FuzzTest(maxDuration = "10s")
  void keyExchangeValuesAgreeOrFailCleanly(FuzzedDataProvider data) {
    String name = KeyExchange.NAMES.get(data.consumeInt(0, KeyExchange.NAMES.size() - 1));
    byte[] message = data.consumeRemainingAsBytes();
    KeyExchange kex = KeyExchange.create(name);
    try {
      byte[] peer = kex.readPeer(new SSHReader(message), new SSHWriter());
      assertThat(kex.agree(peer).signum()).isPositive();
    } catch (SSHProtocolError e) {
      assertThat(e.reason).isIn(SSHProtocolError.PROTOCOL_ERROR,
          SSHProtocolError.KEY_EXCHANGE_FAILED);
    }
  }

  /** Any bytes, any split: the same version (or the same error), and never a longer line. */
  @FuzzTest(maxDuration = "10s")
  void versionLineIsBoundedAndSplitProof(FuzzedDataProvider data) {
    int split = data.consumeInt(0, 400);
    byte[] bytes = data.consumeRemainingAsBytes();
    String whole = version(bytes, bytes.length);
    String parts = version(bytes, Math.min(split, bytes.length));
    assertThat(parts).isEqualTo(whole);
    if (whole != null && !whole.startsWith("error")) {
      assertThat(whole.length()).isLessThan(VersionExchange.MAX_LINE);
    }
  }

  private static String version(byte[] bytes, int split) {
    VersionExchange v = new VersionExchange();
    try {
      int off = v.feed(Arrays.copyOf(bytes, split), 0);
      if (v.version() == null) {
        v.feed(bytes, split);
      } else {
        assertThat(off).isLessThanOrEqualTo(split);
      }
      return v.version();
    } catch (SSHProtocolError e) {
      return "error " + e.reason;
    }
  }
}
