package dev.torsion.conch.ssh.internal;

import java.security.SecureRandom;
import java.util.ArrayList;
import java.util.List;

/**
 * SSH_MSG_KEXINIT (RFC 4253 7.1) and the algorithm negotiation: for each kind, the first of the
 * client's algorithms that the server also supports.
 *
 * <pre>
 *   byte 20, byte[16] cookie, name-list kex, host key, cipher c2s, cipher s2c, mac c2s,
 *   mac s2c, compression c2s, compression s2c, language c2s, language s2c,
 *   boolean first_kex_packet_follows, uint32 0
 * </pre>
 */
public record KexInit(
    List<String> kexAlgorithms, List<String> hostKeyAlgorithms, List<String> ciphersC2S,
    List<String> ciphersS2C, List<String> macsC2S, List<String> macsS2C,
    List<String> compressionC2S, List<String> compressionS2C, boolean firstKexPacketFollows) {

  private static final SecureRandom RANDOM = new SecureRandom();

  /** What was agreed. */
  public record Negotiated(String kex, String hostKey, String cipherC2S, String cipherS2C,
      String macC2S, String macS2C) {}

  /** Parses the body of a KEXINIT (after the type byte). */
  public static KexInit parse(SSHReader r) {
    if (r.remaining() < 16) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "KEXINIT too short");
    }
    for (int i = 0; i < 16; i++) {
      r.readByte();
    }
    KexInit k = new KexInit(r.readNameList(), r.readNameList(), r.readNameList(),
        r.readNameList(), r.readNameList(), r.readNameList(), r.readNameList(), r.readNameList(),
        peek(r.readNameList(), r.readNameList(), r.readBoolean()));
    r.readUint32();
    return k;
  }

  private static boolean peek(List<String> langC2S, List<String> langS2C, boolean follows) {
    return follows;
  }

  /** Our KEXINIT payload; {@code extra} (the strict-kex marker) is added to the kex list. */
  public static byte[] build(List<String> kex, List<String> hostKeys, List<String> ciphers,
      List<String> macs, String extra) {
    byte[] cookie = new byte[16];
    RANDOM.nextBytes(cookie);
    List<String> kexList = new ArrayList<>(kex);
    if (extra != null) {
      kexList.add(extra);
    }
    return new SSHWriter(512).writeByte(Messages.KEXINIT).writeRaw(cookie)
        .writeNameList(kexList).writeNameList(hostKeys)
        .writeNameList(ciphers).writeNameList(ciphers).writeNameList(macs).writeNameList(macs)
        .writeNameList(List.of("none")).writeNameList(List.of("none"))
        .writeNameList(List.of()).writeNameList(List.of())
        .writeBoolean(false).writeUint32(0).toByteArray();
  }

  /** The server's proposal from its factory's configuration. */
  public static byte[] serverProposal(dev.torsion.conch.ssh.SSHServerFactory f, String extra) {
    return build(f.kexAlgorithms(), f.hostKeyAlgorithms(), f.ciphers(), f.macs(), extra);
  }

  /** RFC 4253 7.1: client's preference order wins. */
  public static Negotiated negotiate(KexInit client, KexInit server) {
    String kex = pick("key exchange", client.kexAlgorithms, server.kexAlgorithms);
    String hostKey = pick("host key", client.hostKeyAlgorithms, server.hostKeyAlgorithms);
    String c2s = pick("cipher", client.ciphersC2S, server.ciphersC2S);
    String s2c = pick("cipher", client.ciphersS2C, server.ciphersS2C);
    String macC2S = Algorithms.isAead(c2s) ? "" : pick("MAC", client.macsC2S, server.macsC2S);
    String macS2C = Algorithms.isAead(s2c) ? "" : pick("MAC", client.macsS2C, server.macsS2C);
    pick("compression", client.compressionC2S, server.compressionC2S);
    pick("compression", client.compressionS2C, server.compressionS2C);
    return new Negotiated(kex, hostKey, c2s, s2c, macC2S, macS2C);
  }

  private static String pick(String what, List<String> client, List<String> server) {
    for (String c : client) {
      if (server.contains(c) && !c.startsWith("kex-strict-") && !c.startsWith("ext-info-")) {
        return c;
      }
    }
    throw new SSHProtocolError(SSHProtocolError.KEY_EXCHANGE_FAILED,
        "no " + what + " algorithm in common; client offers " + String.join(",", client));
  }
}
