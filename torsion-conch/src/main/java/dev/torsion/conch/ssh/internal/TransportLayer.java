package dev.torsion.conch.ssh.internal;

import dev.torsion.conch.ssh.HostKey;
import dev.torsion.cred.internal.SSHKeys;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Transport;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * The part of the SSH transport (RFC 4253) that the server and the client share: the version
 * exchange, the packet stream, the key exchange in either role, rekeying by bytes and by time,
 * strict key exchange, and the checks that only messages valid in the current state pass.
 * Twisted's {@code SSHTransportBase}, held by {@code SSHServerTransport} and {@code
 * SSHClientTransport} instead of subclassed; what differs between them (the host key's part,
 * the services above) comes in through {@link Role} and {@link Upper}.
 *
 * <pre>{@code
 * TransportLayer layer = new TransportLayer(transport, reactor, TransportLayer.Role.server(
 *     proposal, factory::hostKeyFor), upper, rekeyBytes, rekeySeconds);
 * layer.start();                        // version line and our KEXINIT
 * layer.dataReceived(bytes);            // packets above the transport reach upper.packet
 * layer.sendPacket(payload);            // held back while our key exchange is under way
 * }</pre>
 *
 * <p>One key exchange, seen from either side (RFC 4253 7, 8; RFC 5656 4):
 * <pre>
 *   client                                   server
 *   KEXINIT  ------------------------------>               (either may go first)
 *            <------------------------------  KEXINIT
 *   KEX_ECDH_INIT (Q_C) ------------------>
 *            <------------------------------  KEX_ECDH_REPLY (K_S, Q_S, sig of H), NEWKEYS
 *   NEWKEYS  ------------------------------>
 *   H = HASH(V_C || V_S || I_C || I_S || K_S || Q_C || Q_S || K); the first H is the session id
 * </pre>
 * Each side switches its sending keys right after its own NEWKEYS and its receiving keys at the
 * peer's. Our higher-layer messages wait in a queue from our KEXINIT to our NEWKEYS (RFC 4253
 * 7.1), and also once the rekey limit is passed while no new exchange may start yet (ours is
 * done, the peer's NEWKEYS not in): the queue is let out only up to the limit, so no more than
 * the limit and one packet goes under one sending key. Under strict key exchange (OpenSSH's
 * kex-strict-*-v00, the Terrapin fix) the first key exchange accepts nothing but its own
 * messages, KEXINIT must be the first packet, and sequence numbers restart at each NEWKEYS.
 */
public final class TransportLayer {
  public static final String VERSION = "SSH-2.0-Torsion_0.1";
  private static final String STRICT_CLIENT = "kex-strict-c-v00@openssh.com";
  private static final String STRICT_SERVER = "kex-strict-s-v00@openssh.com";

  /** The layers above the transport: user authentication and the connection service. */
  public interface Upper {
    /**
     * A message above the transport (type 5 and up, outside 20-49), once keys are in place;
     * false when nothing above knows it, and the peer is told UNIMPLEMENTED.
     */
    boolean packet(int type, SSHReader r);

    /** The first key exchange is complete both ways: services may start. */
    default void firstKeysInPlace() {}

    /** The peer broke the protocol; we are about to send DISCONNECT with its reason. */
    default void protocolError(SSHProtocolError e) {}

    /** The peer sent SSH_MSG_DISCONNECT; the connection is closing. */
    default void peerDisconnected(int reason, String description) {}
  }

  /**
   * Which end this is, with what that end brings to the key exchange: the server signs H with
   * its host key, the client verifies the signature and judges the key itself.
   */
  public static final class Role {
    final boolean server;
    final Function<String, byte[]> proposal;
    final Function<String, HostKey> hostKeys;
    final Function<byte[], String> hostKeyCheck;

    private Role(boolean server, Function<String, byte[]> proposal,
        Function<String, HostKey> hostKeys, Function<byte[], String> hostKeyCheck) {
      this.server = server;
      this.proposal = proposal;
      this.hostKeys = hostKeys;
      this.hostKeyCheck = hostKeyCheck;
    }

    /**
     * @param proposal our KEXINIT payload, given the strict-kex marker to add (or null)
     * @param hostKeys the host key for a negotiated host key algorithm
     */
    public static Role server(Function<String, byte[]> proposal,
        Function<String, HostKey> hostKeys) {
      return new Role(true, proposal, hostKeys, null);
    }

    /**
     * @param hostKeyCheck null when the server's host key blob is trusted, else why not
     */
    public static Role client(Function<String, byte[]> proposal,
        Function<byte[], String> hostKeyCheck) {
      return new Role(false, proposal, null, hostKeyCheck);
    }
  }

  private final Transport transport;
  private final Reactor reactor;
  private final Role role;
  private final Upper upper;
  private final long rekeyBytes;
  private final double rekeySeconds;
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketEncoder encoder = new PacketEncoder();
  private final VersionExchange versionLine = new VersionExchange();
  private final Deque<byte[]> heldBack = new ArrayDeque<>();

  private String peerVersion;
  private byte[] ourKexInit;
  private byte[] peerKexInit;
  private KexInit.Negotiated negotiated;
  /** Our ephemeral half, from the peer's KEXINIT until its public value is in. */
  private KeyExchange kex;
  private boolean kexOutgoing;   // our KEXINIT sent, our NEWKEYS not yet
  private boolean kexIncoming;   // their KEXINIT received, their NEWKEYS not yet
  private boolean ignoreNextKexPacket;
  private boolean strict;
  private boolean firstKexDone;
  private byte[] sessionId;
  private byte[] peerHostKey;
  /** Keys of the exchange whose NEWKEYS we sent and the peer has not yet. */
  private KeyDerivation pendingKeys;

  /**
   * RFC 4253 9, per direction as OpenSSH counts: the wire bytes of every packet sent under our
   * current sending keys (reset at our NEWKEYS), and of every packet opened under the current
   * receiving keys (reset at the peer's NEWKEYS, counted packet by packet, so what follows the
   * NEWKEYS in the same read counts toward the new keys).
   */
  private long sentSinceKex;
  private long receivedSinceKex;
  private DelayedCall rekeyTimer;
  private int keyExchanges;
  private int inputPaused;
  private boolean disconnected;

  public TransportLayer(Transport transport, Reactor reactor, Role role, Upper upper,
      long rekeyBytes, double rekeySeconds) {
    this.transport = transport;
    this.reactor = reactor;
    this.role = role;
    this.upper = upper;
    this.rekeyBytes = rekeyBytes;
    this.rekeySeconds = rekeySeconds;
  }

  /** Sends our version line and our first KEXINIT (neither waits for the peer's). */
  public void start() {
    transport.write((VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII));
    sendKexInit();
  }

  /** The connection is gone: no more timers, nothing more sent. */
  public void stop() {
    disconnected = true;
    if (rekeyTimer != null && rekeyTimer.active()) {
      rekeyTimer.cancel();
    }
  }

  /** Feeds received bytes; a protocol error ends the connection with the matching DISCONNECT. */
  public void dataReceived(byte[] data) {
    if (disconnected) {
      return;
    }
    try {
      int off = 0;
      if (peerVersion == null) {
        off = versionLine.feed(data, 0);
        peerVersion = versionLine.version();
        if (peerVersion == null) {
          return;
        }
      }
      if (off < data.length) {
        decoder.feed(data, off, data.length - off);
      }
      drain();
      maybeRekey();
    } catch (SSHProtocolError e) {
      failed(e);
    }
  }

  /** Handles every complete packet, unless input is paused (a login being checked). */
  private void drain() {
    byte[] payload;
    while (inputPaused == 0 && !disconnected && (payload = decoder.next()) != null) {
      receivedSinceKex += decoder.lastWireLength();
      handlePacket(payload);
    }
  }

  private void handlePacket(byte[] payload) {
    int type = payload[0] & 0xff;
    SSHReader r = new SSHReader(payload, 1, payload.length - 1);
    // The one key exchange message this side may receive: INIT on the server, REPLY on the client.
    int kexMessage = role.server ? Messages.KEX_ECDH_INIT : Messages.KEX_ECDH_REPLY;
    if (!firstKexDone && strict && type != Messages.KEXINIT && type != kexMessage
        && type != Messages.NEWKEYS) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "message " + type + " during strict initial key exchange");
    }
    if (type == Messages.DISCONNECT) {
      int reason = (int) r.readUint32();
      String text = r.readUtf8();
      disconnected = true;
      upper.peerDisconnected(reason, text);
      transport.loseConnection();
    } else if (type == Messages.IGNORE || type == Messages.DEBUG
        || type == Messages.UNIMPLEMENTED) {
      // RFC 4253 11.2-11.4: nothing to do.
    } else if (type == Messages.KEXINIT) {
      kexInitReceived(payload, r);
    } else if (type == kexMessage) {
      peerValueReceived(r);
    } else if (type == Messages.NEWKEYS) {
      newKeysReceived();
    } else if (kexIncoming) {
      // RFC 4253 7.1: nothing but transport messages between KEXINIT and NEWKEYS.
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "message " + type + " during key exchange");
    } else if (!firstKexDone) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "message " + type + " before key exchange");
    } else if (type >= 30 && type < 50) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "key exchange message " + type + " outside a key exchange");
    } else if (!upper.packet(type, r)) {
      sendPacket(new SSHWriter().writeByte(Messages.UNIMPLEMENTED)
          .writeUint32(decoder.lastSequence()).toByteArray());
    }
  }

  // ---- key exchange (RFC 4253 7, 8) ----

  private void sendKexInit() {
    ourKexInit = role.proposal.apply(firstKexDone ? null
        : role.server ? STRICT_SERVER : STRICT_CLIENT);
    kexOutgoing = true;
    write(ourKexInit);
  }

  private void kexInitReceived(byte[] payload, SSHReader r) {
    if (kexIncoming) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "second KEXINIT");
    }
    KexInit peer = KexInit.parse(r);
    if (!firstKexDone && peer.kexAlgorithms().contains(role.server ? STRICT_CLIENT
        : STRICT_SERVER)) {
      strict = true;
      if (decoder.lastSequence() != 0) {
        throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
            "strict key exchange: KEXINIT was not the first packet");
      }
    }
    kexIncoming = true;
    peerKexInit = payload;
    if (!kexOutgoing) {
      sendKexInit();
    }
    KexInit ours = KexInit.parse(new SSHReader(ourKexInit, 1, ourKexInit.length - 1));
    negotiated = role.server ? KexInit.negotiate(peer, ours) : KexInit.negotiate(ours, peer);
    kex = KeyExchange.create(negotiated.kex());
    // RFC 4253 7: a wrong guess of the peer's first kex packet is ignored.
    ignoreNextKexPacket = peer.firstKexPacketFollows()
        && (!peer.kexAlgorithms().get(0).equals(negotiated.kex())
            || !peer.hostKeyAlgorithms().get(0).equals(negotiated.hostKey()));
    if (!role.server) {
      SSHWriter init = new SSHWriter().writeByte(Messages.KEX_ECDH_INIT);
      kex.writePublic(init);
      write(init.toByteArray());
    }
  }

  /*
   * The peer's public value. On the server, KEX_ECDH_INIT / KEXDH_INIT: Q_C or e. On the client,
   * KEX_ECDH_REPLY / KEXDH_REPLY: string K_S (host key), Q_S or f, string signature of H.
   */
  private void peerValueReceived(SSHReader r) {
    if (kex == null) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "unexpected "
          + (role.server ? "KEX_ECDH_INIT" : "KEX_ECDH_REPLY"));
    }
    if (ignoreNextKexPacket) {
      ignoreNextKexPacket = false;
      return;
    }
    HostKey hostKey = role.server ? role.hostKeys.apply(negotiated.hostKey()) : null;
    byte[] hostBlob = role.server ? hostKey.publicBlob() : r.readString();
    String clientVersion = role.server ? peerVersion : VERSION;
    String serverVersion = role.server ? VERSION : peerVersion;
    SSHWriter h = new SSHWriter(1024).writeString(clientVersion).writeString(serverVersion)
        .writeString(role.server ? peerKexInit : ourKexInit)
        .writeString(role.server ? ourKexInit : peerKexInit).writeString(hostBlob);
    SSHWriter ours = new SSHWriter();
    kex.writePublic(ours);
    byte[] peer;
    if (role.server) {
      peer = kex.readPeer(r, h);
      h.writeRaw(ours.toByteArray());
    } else {
      h.writeRaw(ours.toByteArray());
      peer = kex.readPeer(r, h);
    }
    BigInteger k = kex.agree(peer);
    h.writeMpint(k);
    byte[] hash = digest(kex.hash(), h.toByteArray());
    if (role.server) {
      byte[] signature = hostKey.sign(negotiated.hostKey(), hash);
      write(new SSHWriter().writeByte(Messages.KEX_ECDH_REPLY).writeString(hostBlob)
          .writeRaw(ours.toByteArray()).writeString(signature).toByteArray());
    } else {
      checkServer(hostBlob, hash, r.readString());
    }
    if (sessionId == null) {
      sessionId = hash;
    }
    pendingKeys = new KeyDerivation(kex.hash(), k, hash, sessionId);
    kex = null;
    write(new byte[] {Messages.NEWKEYS});
    encoder.setCipher(cipher(pendingKeys, true), strict);
    kexOutgoing = false;
    sentSinceKex = 0;
    flushHeldBack();
  }

  private static byte[] digest(String algorithm, byte[] data) {
    try {
      return MessageDigest.getInstance(algorithm).digest(data);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** The client's checks: H signed by the host key, and the key itself trusted (and kept). */
  private void checkServer(byte[] hostBlob, byte[] hash, byte[] signature) {
    String sigAlgorithm = new SSHReader(signature).readUtf8();
    if (!sigAlgorithm.equals(negotiated.hostKey())
        || !SSHKeys.verify(hostBlob, hash, signature)) {
      throw new SSHProtocolError(SSHProtocolError.KEY_EXCHANGE_FAILED,
          "bad host key signature");
    }
    if (peerHostKey == null) {
      String refused = role.hostKeyCheck.apply(hostBlob);
      if (refused != null) {
        throw new SSHProtocolError(SSHProtocolError.HOST_KEY_NOT_VERIFIABLE, refused);
      }
      peerHostKey = hostBlob;
    } else if (!Arrays.equals(peerHostKey, hostBlob)) {
      throw new SSHProtocolError(SSHProtocolError.HOST_KEY_NOT_VERIFIABLE,
          "the host key changed during a rekey");
    }
  }

  /**
   * The cipher for one direction. RFC 4253 7.2: client to server uses keys A (IV), C
   * (encryption), E (MAC); server to client B, D, F. We send server to client on the server.
   */
  private PacketCipher cipher(KeyDerivation keys, boolean sending) {
    KexInit.Negotiated n = negotiated;
    boolean s2c = role.server == sending;
    String cipher = s2c ? n.cipherS2C() : n.cipherC2S();
    String mac = s2c ? n.macS2C() : n.macC2S();
    return Algorithms.create(cipher, mac,
        keys.derive(s2c ? 'D' : 'C', Algorithms.keyLength(cipher)),
        keys.derive(s2c ? 'B' : 'A', Algorithms.ivLength(cipher)),
        keys.derive(s2c ? 'F' : 'E', Algorithms.macKeyLength(mac)), sending);
  }

  private void newKeysReceived() {
    if (pendingKeys == null) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "NEWKEYS before key exchange");
    }
    decoder.setCipher(cipher(pendingKeys, false), strict);
    pendingKeys = null;
    kexIncoming = false;
    receivedSinceKex = 0;
    keyExchanges++;
    if (rekeyTimer != null && rekeyTimer.active()) {
      rekeyTimer.cancel();
    }
    rekeyTimer = reactor.callLater(rekeySeconds, this::rekey);
    if (!firstKexDone) {
      firstKexDone = true;
      upper.firstKeysInPlace();
    }
    maybeRekey();
  }

  /** Starts a new key exchange (RFC 4253 9), unless one is under way. */
  public void rekey() {
    if (!disconnected && firstKexDone && !kexOutgoing && !kexIncoming) {
      sendKexInit();
    }
  }

  /** RFC 4253 9: new keys after a gigabyte either way (or the configured limit). */
  private void maybeRekey() {
    if (sentSinceKex > rekeyBytes || receivedSinceKex > rekeyBytes) {
      rekey();
    }
  }

  // ---- sending ----

  /**
   * Sends a higher-layer message, or holds it back while our key exchange is under way or, past
   * the limit, until the next one: between our NEWKEYS and the peer's no exchange may start
   * (RFC 4253 9: only "when not already doing a key exchange"), and what we sent meanwhile
   * would otherwise all go under keys already used for the limit.
   */
  public void sendPacket(byte[] payload) {
    if (disconnected) {
      return;
    }
    if (kexOutgoing || !heldBack.isEmpty() || sentSinceKex > rekeyBytes) {
      heldBack.add(payload);
      return;
    }
    write(payload);
    maybeRekey();
  }

  /** Seals and sends one packet under the current keys, and counts it toward them. */
  private void write(byte[] payload) {
    byte[] wire = encoder.encode(payload);
    sentSinceKex += wire.length;
    transport.write(wire);
  }

  /**
   * Lets out what waited for our NEWKEYS, but only up to the rekey limit: the rest waits for
   * the next key exchange, which starts once the peer's NEWKEYS is in.
   */
  private void flushHeldBack() {
    while (!heldBack.isEmpty() && !kexOutgoing && sentSinceKex <= rekeyBytes) {
      write(heldBack.poll());
    }
  }

  /** Stops handling received packets until {@link #resumeInput} (the socket is paused too). */
  public void pauseInput() {
    if (inputPaused++ == 0) {
      transport.pauseProducing();
    }
  }

  public void resumeInput() {
    if (--inputPaused == 0 && !disconnected) {
      transport.resumeProducing();
      try {
        drain();
        maybeRekey();
      } catch (SSHProtocolError e) {
        failed(e);
      }
    }
  }

  private void failed(SSHProtocolError e) {
    upper.protocolError(e);
    disconnect(e.reason, e.getMessage());
  }

  /** SSH_MSG_DISCONNECT (RFC 4253 11.1), then close. */
  public void disconnect(int reason, String description) {
    if (disconnected) {
      return;
    }
    try {
      write(new SSHWriter().writeByte(Messages.DISCONNECT).writeUint32(reason)
          .writeString(description).writeString("").toByteArray());
    } catch (RuntimeException e) {
      // the encoder may be in no state to seal; closing is what matters
    }
    disconnected = true;
    transport.loseConnection();
  }

  public boolean isDisconnected() {
    return disconnected;
  }

  /** The exchange hash of the first key exchange (RFC 4253 7.2), once there is one. */
  public byte[] sessionId() {
    return sessionId.clone();
  }

  public boolean isStrict() {
    return strict;
  }

  /** Key exchanges completed both ways, the first one included. */
  public int keyExchanges() {
    return keyExchanges;
  }

  /** The algorithms agreed in the last key exchange: kex, host key, ciphers, MACs. */
  public List<String> negotiated() {
    KexInit.Negotiated n = negotiated;
    return List.of(n.kex(), n.hostKey(), n.cipherC2S(), n.cipherS2C(), n.macC2S(), n.macS2C());
  }

  /** The sequence number of the packet last received (for UNIMPLEMENTED replies). */
  public long lastSequence() {
    return decoder.lastSequence();
  }
}
