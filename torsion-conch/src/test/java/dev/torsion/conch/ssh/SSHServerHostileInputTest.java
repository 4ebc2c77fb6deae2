package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.conch.ssh.internal.KexInit;
import dev.torsion.conch.ssh.internal.Messages;
import dev.torsion.conch.ssh.internal.PacketDecoder;
import dev.torsion.conch.ssh.internal.PacketEncoder;
import dev.torsion.conch.ssh.internal.SSHReader;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.IPv4Address;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The server on an in-memory transport, fed what a hostile or broken client sends: each case
 * ends in SSH_MSG_DISCONNECT and a closed connection, never an exception or a hang.
 */
class SSHServerHostileInputTest {
  static final HostKey KEY = HostKey.generateEd25519();

  MemoryReactor reactor;
  SSHServerTransport server;
  StringTransport wire;
  final PacketEncoder client = new PacketEncoder();

  @BeforeEach
  void connect() {
    reactor = new MemoryReactor();
    Portal portal = new Portal(Realm.of(ConchUser.class, id -> new ConchUser() { }),
        new InMemoryUsers().addUser("alice", "s3cret"));
    SSHServerFactory factory = new SSHServerFactory(reactor, portal, List.of(KEY));
    server = (SSHServerTransport) factory.buildProtocol(null);
    wire = new StringTransport(new IPv4Address("TCP", "127.0.0.1", 22),
        new IPv4Address("TCP", "127.0.0.1", 40000));
    server.makeConnection(wire);
  }

  void send(String s) {
    server.dataReceived(s.getBytes(StandardCharsets.US_ASCII));
  }

  void sendPacket(byte[] payload) {
    server.dataReceived(client.encode(payload));
  }

  static byte[] clientKexInit(boolean strict) {
    List<String> kex = new ArrayList<>(List.of("curve25519-sha256"));
    if (strict) {
      kex.add("kex-strict-c-v00@openssh.com");
    }
    return KexInit.build(kex, List.of("ssh-ed25519"), List.of("aes128-ctr"),
        List.of("hmac-sha2-256"), null);
  }

  /** The packets the server sent, after its version line, in the clear. */
  List<byte[]> serverPackets() {
    byte[] out = wire.value();
    int nl = 0;
    while (out[nl] != '\n') {
      nl++;
    }
    PacketDecoder d = new PacketDecoder();
    d.feed(out, nl + 1, out.length - nl - 1);
    List<byte[]> packets = new ArrayList<>();
    for (byte[] p; (p = d.next()) != null; ) {
      packets.add(p);
    }
    return packets;
  }

  /** The reason code of the DISCONNECT the server sent last. */
  long disconnectReason() {
    List<byte[]> packets = serverPackets();
    byte[] last = packets.get(packets.size() - 1);
    assertThat(last[0]).isEqualTo((byte) Messages.DISCONNECT);
    return new SSHReader(last, 1, last.length - 1).readUint32();
  }

  @Test
  void sendsItsVersionAndKexInitFirst() {
    assertThat(wire.valueString()).startsWith("SSH-2.0-Torsion");
    assertThat(serverPackets().get(0)[0]).isEqualTo((byte) Messages.KEXINIT);
    assertThat(wire.disconnecting).isFalse();
  }

  @Test
  void overlongVersionLineDisconnects() {
    send("SSH-2.0-" + "x".repeat(300));
    assertThat(wire.disconnecting).isTrue();
  }

  @Test
  void linesBeforeTheVersionAreAllowedWithinALimit() {
    send("hello\r\nworld\r\n");
    assertThat(wire.disconnecting).isFalse();
    send("line\r\n".repeat(SSHServerTransport.MAX_PRE_VERSION_LINES));
    assertThat(wire.disconnecting).isTrue();
  }

  @Test
  void sshVersionOneIsRefused() {
    send("SSH-1.5-old\r\n");
    assertThat(wire.disconnecting).isTrue();
  }

  @Test
  void noLoginWithinTheGraceTimeDisconnects() {
    reactor.advance(119);
    assertThat(wire.disconnecting).isFalse();
    reactor.advance(2);
    assertThat(wire.disconnecting).isTrue();
  }

  @Test
  void oversizedPacketIsRefusedBeforeItIsBuffered() {
    send("SSH-2.0-test\r\n");
    server.dataReceived(new byte[] {0x7f, (byte) 0xff, (byte) 0xff, (byte) 0xf0, 4});
    assertThat(wire.disconnecting).isTrue();
    assertThat(disconnectReason()).isEqualTo(2);
  }

  @Test
  void serviceRequestBeforeKeyExchangeIsAProtocolError() {
    send("SSH-2.0-test\r\n");
    sendPacket(new SSHWriter().writeByte(Messages.SERVICE_REQUEST).writeString("ssh-userauth")
        .toByteArray());
    assertThat(wire.disconnecting).isTrue();
    assertThat(disconnectReason()).isEqualTo(2);
  }

  @Test
  void channelOpenBeforeAuthenticationIsAProtocolError() {
    send("SSH-2.0-test\r\n");
    sendPacket(new SSHWriter().writeByte(Messages.CHANNEL_OPEN).writeString("session")
        .writeUint32(0).writeUint32(1 << 20).writeUint32(1 << 15).toByteArray());
    assertThat(wire.disconnecting).isTrue();
  }

  @Test
  void newKeysBeforeAKeyExchangeIsAProtocolError() {
    send("SSH-2.0-test\r\n");
    sendPacket(clientKexInit(false));
    sendPacket(new byte[] {Messages.NEWKEYS});
    assertThat(wire.disconnecting).isTrue();
    assertThat(disconnectReason()).isEqualTo(2);
  }

  /** Terrapin (CVE-2023-48795): an IGNORE slipped into the initial key exchange. */
  @Test
  void strictKeyExchangeRefusesAnIgnoreBeforeNewKeys() {
    send("SSH-2.0-test\r\n");
    sendPacket(clientKexInit(true));
    sendPacket(new SSHWriter().writeByte(Messages.IGNORE).writeString("x").toByteArray());
    assertThat(wire.disconnecting).isTrue();
    assertThat(disconnectReason()).isEqualTo(2);
  }

  @Test
  void strictKeyExchangeRequiresKexInitAsTheFirstPacket() {
    send("SSH-2.0-test\r\n");
    sendPacket(new SSHWriter().writeByte(Messages.IGNORE).writeString("x").toByteArray());
    sendPacket(clientKexInit(true));
    assertThat(wire.disconnecting).isTrue();
  }

  @Test
  void withoutStrictKeyExchangeAnIgnoreIsJustIgnored() {
    send("SSH-2.0-test\r\n");
    sendPacket(clientKexInit(false));
    sendPacket(new SSHWriter().writeByte(Messages.IGNORE).writeString("x").toByteArray());
    assertThat(wire.disconnecting).isFalse();
  }

  @Test
  void theServerOffersStrictKeyExchange() {
    byte[] kexinit = serverPackets().get(0);
    KexInit k = KexInit.parse(new SSHReader(kexinit, 1, kexinit.length - 1));
    assertThat(k.kexAlgorithms()).contains("kex-strict-s-v00@openssh.com");
  }

  @Test
  void noCommonAlgorithmIsAKeyExchangeFailure() {
    send("SSH-2.0-test\r\n");
    sendPacket(KexInit.build(List.of("diffie-hellman-group1-sha1"), List.of("ssh-ed25519"),
        List.of("aes128-ctr"), List.of("hmac-sha2-256"), null));
    assertThat(wire.disconnecting).isTrue();
    assertThat(disconnectReason()).isEqualTo(3);
  }

  @Test
  void truncatedKexInitIsAProtocolError() {
    send("SSH-2.0-test\r\n");
    byte[] k = clientKexInit(false);
    sendPacket(Arrays.copyOf(k, 40));
    assertThat(wire.disconnecting).isTrue();
    assertThat(disconnectReason()).isEqualTo(2);
  }

  @Test
  void bytesSplitAnywhereGiveTheSameResult() {
    byte[] all = ("SSH-2.0-test\r\n").getBytes(StandardCharsets.US_ASCII);
    byte[] k = client.encode(clientKexInit(false));
    byte[] joined = Arrays.copyOf(all, all.length + k.length);
    System.arraycopy(k, 0, joined, all.length, k.length);
    for (byte b : joined) {
      server.dataReceived(new byte[] {b});
    }
    assertThat(wire.disconnecting).isFalse();
    assertThat(serverPackets()).hasSize(1);
  }
}
