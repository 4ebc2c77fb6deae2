package dev.torsion.conch.ssh.internal;

import dev.torsion.cred.internal.SSHKeys;
import dev.torsion.conch.ssh.HostKey;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Deque;
import java.util.List;
import java.util.function.Function;

/**
 * The client side of the SSH transport (RFC 4253) and of user authentication (RFC 4252):
 * Twisted's {@code SSHClientTransport} and {@code SSHUserAuthClient} in one state machine.
 *
 * <pre>
 *   VERSION -> KEX (ours first; verify the host key's signature and the key itself)
 *     -> SERVICE_REQUEST ssh-userauth -> publickey (signed), then password, as configured
 *     -> SUCCESS: the connection service ({@link ConnectionClient}) takes over
 *   KEXINIT from the server at any time after: a new key exchange (RFC 4253 9)
 * </pre>
 *
 * <p>{@code ready} fires with the connection once logged in, or fails with the reason the
 * connection ended first ({@link SSHProtocolError} carrying the disconnect reason).
 */
public final class SSHClientTransport extends Protocol {
  public static final String VERSION = "SSH-2.0-Torsion_0.1";
  private static final String STRICT_CLIENT = "kex-strict-c-v00@openssh.com";
  private static final String STRICT_SERVER = "kex-strict-s-v00@openssh.com";

  /** What to log in as and how to judge the server: the public client API fills it in. */
  public record Config(Reactor reactor, String user, String password, HostKey identity,
      Function<byte[], String> hostKeyCheck, List<String> kex, List<String> hostKeyAlgorithms,
      List<String> ciphers, List<String> macs, long rekeyBytes) {}

  private final Config config;
  private final Deferred<ConnectionClient> ready;
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketEncoder encoder = new PacketEncoder();
  private final VersionExchange versionLine = new VersionExchange();
  private final Deque<byte[]> heldBack = new ArrayDeque<>();

  private String serverVersion;
  private byte[] ourKexInit;
  private byte[] peerKexInit;
  private KexInit.Negotiated negotiated;
  private KeyExchange kex;
  private boolean kexOutgoing;
  private boolean kexIncoming;
  private boolean awaitingReply;
  private boolean awaitingNewKeys;
  private boolean strict;
  private boolean firstKexDone;
  private byte[] sessionId;
  private byte[] serverHostKey;
  private KeyDerivation keys;
  private long sentSinceKex;
  private long receivedSinceKex;

  private final Deque<String> methods = new ArrayDeque<>();
  private ConnectionClient connection;
  private boolean disconnected;
  private Throwable endReason;

  public SSHClientTransport(Config config, Deferred<ConnectionClient> ready) {
    this.config = config;
    this.ready = ready;
    if (config.identity() != null) {
      methods.add("publickey");
    }
    if (config.password() != null) {
      methods.add("password");
    }
  }

  @Override
  public void connectionMade() {
    transport.write((VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII));
    sendKexInit();
  }

  @Override
  public void connectionLost(Failure reason) {
    disconnected = true;
    if (connection != null) {
      connection.connectionLost();
    }
    if (!ready.called()) {
      ready.errback(endReason != null ? endReason : reason.value());
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    if (disconnected) {
      return;
    }
    try {
      int off = 0;
      if (serverVersion == null) {
        off = versionLine.feed(data, 0);
        serverVersion = versionLine.version();
        if (serverVersion == null) {
          return;
        }
      }
      if (off < data.length) {
        receivedSinceKex += data.length - off;
        decoder.feed(data, off, data.length - off);
      }
      for (byte[] p; !disconnected && (p = decoder.next()) != null; ) {
        handlePacket(p);
      }
      maybeRekey();
    } catch (SSHProtocolError e) {
      disconnect(e.reason, e.getMessage(), e);
    }
  }

  private void handlePacket(byte[] payload) {
    int type = payload[0] & 0xff;
    SSHReader r = new SSHReader(payload, 1, payload.length - 1);
    if (!firstKexDone && strict && type != Messages.KEXINIT && type != Messages.KEX_ECDH_REPLY
        && type != Messages.NEWKEYS) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "message " + type + " during strict initial key exchange");
    }
    switch (type) {
      case Messages.DISCONNECT -> {
        long reason = r.readUint32();
        String text = r.readUtf8();
        endReason = new SSHProtocolError((int) reason, "server disconnected: " + text);
        disconnected = true;
        transport.loseConnection();
      }
      case Messages.IGNORE, Messages.DEBUG, Messages.UNIMPLEMENTED -> { }
      case Messages.KEXINIT -> kexInitReceived(payload, r);
      case Messages.KEX_ECDH_REPLY -> kexReply(r);
      case Messages.NEWKEYS -> newKeysReceived();
      default -> {
        if (kexIncoming || !firstKexDone) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
              "message " + type + (firstKexDone ? " during" : " before") + " key exchange");
        }
        if (type >= 30 && type < 50) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
              "key exchange message " + type + " outside a key exchange");
        }
        if (connection != null && connection.accepts(type)) {
          connection.handle(type, r);
        } else if (connection == null && (type >= 5 && type <= 7 || type >= 50 && type < 80)) {
          authMessage(type, r);
        } else {
          sendPacket(new SSHWriter().writeByte(Messages.UNIMPLEMENTED)
              .writeUint32(decoder.lastSequence()).toByteArray());
        }
      }
    }
  }

  // ---- key exchange ----

  private void sendKexInit() {
    ourKexInit = KexInit.build(config.kex(), config.hostKeyAlgorithms(), config.ciphers(),
        config.macs(), firstKexDone ? null : STRICT_CLIENT);
    kexOutgoing = true;
    transport.write(encoder.encode(ourKexInit));
  }

  private void kexInitReceived(byte[] payload, SSHReader r) {
    if (kexIncoming) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "second KEXINIT");
    }
    KexInit peer = KexInit.parse(r);
    if (!firstKexDone && peer.kexAlgorithms().contains(STRICT_SERVER)) {
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
    negotiated = KexInit.negotiate(KexInit.parse(
        new SSHReader(ourKexInit, 1, ourKexInit.length - 1)), peer);
    kex = KeyExchange.create(negotiated.kex());
    SSHWriter init = new SSHWriter().writeByte(Messages.KEX_ECDH_INIT);
    kex.writePublic(init);
    transport.write(encoder.encode(init.toByteArray()));
    awaitingReply = true;
    // A server's wrong first-packet guess would be ignored here; servers do not guess.
  }

  /*
   * RFC 5656 4 / RFC 4253 8: string K_S (host key), Q_S or f (server's value), string
   * signature of H = HASH(V_C || V_S || I_C || I_S || K_S || Q_C || Q_S || K).
   */
  private void kexReply(SSHReader r) {
    if (!awaitingReply) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "unexpected KEX_ECDH_REPLY");
    }
    awaitingReply = false;
    byte[] hostBlob = r.readString();
    SSHWriter h = new SSHWriter(1024).writeString(VERSION).writeString(serverVersion)
        .writeString(ourKexInit).writeString(peerKexInit).writeString(hostBlob);
    kex.writePublic(h);
    byte[] peer = kex.readPeer(r, h);
    byte[] signature = r.readString();
    BigInteger k = kex.agree(peer);
    h.writeMpint(k);
    byte[] hash;
    try {
      hash = MessageDigest.getInstance(kex.hash()).digest(h.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    String sigAlgorithm = new SSHReader(signature).readUtf8();
    if (!sigAlgorithm.equals(negotiated.hostKey())
        || !SSHKeys.verify(hostBlob, hash, signature)) {
      throw new SSHProtocolError(SSHProtocolError.KEY_EXCHANGE_FAILED,
          "bad host key signature");
    }
    if (serverHostKey == null) {
      String refused = config.hostKeyCheck().apply(hostBlob);
      if (refused != null) {
        throw new SSHProtocolError(SSHProtocolError.HOST_KEY_NOT_VERIFIABLE, refused);
      }
      serverHostKey = hostBlob;
    } else if (!Arrays.equals(serverHostKey, hostBlob)) {
      throw new SSHProtocolError(SSHProtocolError.HOST_KEY_NOT_VERIFIABLE,
          "the host key changed during a rekey");
    }
    if (sessionId == null) {
      sessionId = hash;
    }
    keys = new KeyDerivation(kex.hash(), k, hash, sessionId);
    transport.write(encoder.encode(new byte[] {Messages.NEWKEYS}));
    KexInit.Negotiated n = negotiated;
    encoder.setCipher(Algorithms.create(n.cipherC2S(), n.macC2S(),
        keys.derive('C', Algorithms.keyLength(n.cipherC2S())),
        keys.derive('A', Algorithms.ivLength(n.cipherC2S())),
        keys.derive('E', Algorithms.macKeyLength(n.macC2S())), true), strict);
    kexOutgoing = false;
    awaitingNewKeys = true;
    sentSinceKex = 0;
    while (!heldBack.isEmpty() && !kexOutgoing) {
      byte[] wire = encoder.encode(heldBack.poll());
      sentSinceKex += wire.length;
      transport.write(wire);
    }
  }

  private void newKeysReceived() {
    if (!awaitingNewKeys) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "unexpected NEWKEYS");
    }
    awaitingNewKeys = false;
    KexInit.Negotiated n = negotiated;
    decoder.setCipher(Algorithms.create(n.cipherS2C(), n.macS2C(),
        keys.derive('D', Algorithms.keyLength(n.cipherS2C())),
        keys.derive('B', Algorithms.ivLength(n.cipherS2C())),
        keys.derive('F', Algorithms.macKeyLength(n.macS2C())), false), strict);
    keys = null;
    kex = null;
    kexIncoming = false;
    receivedSinceKex = 0;
    if (!firstKexDone) {
      firstKexDone = true;
      sendPacket(new SSHWriter().writeByte(Messages.SERVICE_REQUEST).writeString("ssh-userauth")
          .toByteArray());
    }
  }

  /** Starts a new key exchange unless one is under way. */
  public void rekey() {
    if (!disconnected && firstKexDone && !kexOutgoing && !kexIncoming) {
      sendKexInit();
    }
  }

  private void maybeRekey() {
    if (sentSinceKex > config.rekeyBytes() || receivedSinceKex > config.rekeyBytes()) {
      rekey();
    }
  }

  // ---- user authentication (RFC 4252) ----

  private void authMessage(int type, SSHReader r) {
    switch (type) {
      case Messages.SERVICE_ACCEPT -> nextMethod();
      case Messages.USERAUTH_BANNER -> { }
      case Messages.USERAUTH_FAILURE -> nextMethod();
      case Messages.USERAUTH_SUCCESS -> {
        connection = new ConnectionClient(this);
        ready.callback(connection);
      }
      default -> throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "unexpected message " + type + " during authentication");
    }
  }

  private void nextMethod() {
    String method = methods.poll();
    if (method == null) {
      endReason = new SSHProtocolError(SSHProtocolError.NO_MORE_AUTH_METHODS_AVAILABLE,
          "the server refused every way we could log in as " + config.user());
      disconnect(SSHProtocolError.NO_MORE_AUTH_METHODS_AVAILABLE, "no more methods", endReason);
      return;
    }
    SSHWriter w = new SSHWriter(512).writeByte(Messages.USERAUTH_REQUEST)
        .writeString(config.user()).writeString("ssh-connection").writeString(method);
    if (method.equals("password")) {
      w.writeBoolean(false).writeString(config.password());
    } else {
      HostKey id = config.identity();
      String algorithm = id.algorithms().get(0);
      byte[] blob = id.publicBlob();
      // RFC 4252 7: the signature covers the session id and the request itself.
      byte[] signed = new SSHWriter(512).writeString(sessionId)
          .writeByte(Messages.USERAUTH_REQUEST).writeString(config.user())
          .writeString("ssh-connection").writeString("publickey").writeBoolean(true)
          .writeString(algorithm).writeString(blob).toByteArray();
      w.writeBoolean(true).writeString(algorithm).writeString(blob)
          .writeString(id.sign(algorithm, signed));
    }
    sendPacket(w.toByteArray());
  }

  // ---- sending ----

  /** Sends a higher-layer message, or holds it back while our key exchange is under way. */
  public void sendPacket(byte[] payload) {
    if (disconnected) {
      return;
    }
    if (kexOutgoing) {
      heldBack.add(payload);
      return;
    }
    byte[] wire = encoder.encode(payload);
    sentSinceKex += wire.length;
    transport.write(wire);
    maybeRekey();
  }

  /** SSH_MSG_DISCONNECT and close; {@code ready} fails with {@code why} if still waiting. */
  public void disconnect(int reason, String description, Throwable why) {
    if (disconnected) {
      return;
    }
    if (endReason == null) {
      endReason = why;
    }
    try {
      transport.write(encoder.encode(new SSHWriter().writeByte(Messages.DISCONNECT)
          .writeUint32(reason).writeString(description).writeString("").toByteArray()));
    } catch (RuntimeException e) {
      // closing is what matters
    }
    disconnected = true;
    transport.loseConnection();
  }

  public Reactor reactor() {
    return config.reactor();
  }

  /** The algorithms agreed in the last key exchange: kex, host key, ciphers, MACs. */
  public List<String> negotiated() {
    KexInit.Negotiated n = negotiated;
    return new ArrayList<>(List.of(n.kex(), n.hostKey(), n.cipherC2S(), n.cipherS2C(),
        n.macC2S(), n.macS2C()));
  }
}
