package dev.torsion.conch.ssh;

import dev.torsion.conch.ssh.internal.Algorithms;
import dev.torsion.conch.ssh.internal.ConnectionServer;
import dev.torsion.conch.ssh.internal.KexInit;
import dev.torsion.conch.ssh.internal.KeyDerivation;
import dev.torsion.conch.ssh.internal.KeyExchange;
import dev.torsion.conch.ssh.internal.Messages;
import dev.torsion.conch.ssh.internal.PacketDecoder;
import dev.torsion.conch.ssh.internal.PacketEncoder;
import dev.torsion.conch.ssh.internal.SSHProtocolError;
import dev.torsion.conch.ssh.internal.SSHReader;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.conch.ssh.internal.ServiceLayer;
import dev.torsion.conch.ssh.internal.UserAuthServer;
import dev.torsion.conch.ssh.internal.VersionExchange;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Log;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * The server side of the SSH transport layer (RFC 4253): version exchange, key exchange, the
 * encrypted packet stream, and dispatch to the user authentication and connection services.
 * Twisted's {@code SSHServerTransport}. Built by {@link SSHServerFactory}; one per connection.
 *
 * <pre>
 *   VERSION --(client's SSH-2.0 line)--> KEX --(NEWKEYS both ways)--> SERVICE
 *      (lines before the version: 255 bytes each, 32 at most)   ^      |
 *                                                              '-rekey-' (either side's KEXINIT)
 * </pre>
 *
 * <p>During a key exchange only transport messages pass (RFC 4253 7.1); our own higher-layer
 * messages wait in a queue until our NEWKEYS is out. Under strict key exchange (OpenSSH's
 * kex-strict-*-v00, the Terrapin fix) the first key exchange accepts nothing but its own
 * messages, KEXINIT must be the first packet, and sequence numbers restart at each NEWKEYS.
 */
public final class SSHServerTransport extends Protocol {
  /** RFC 4253 4.2: a line, CR LF included, is at most 255 bytes. */
  public static final int MAX_LINE = VersionExchange.MAX_LINE;
  /** Lines allowed before the version line. */
  public static final int MAX_PRE_VERSION_LINES = VersionExchange.MAX_PRE_VERSION_LINES;
  public static final String VERSION = "SSH-2.0-Torsion_0.1";

  private static final String STRICT_CLIENT = "kex-strict-c-v00@openssh.com";
  private static final String STRICT_SERVER = "kex-strict-s-v00@openssh.com";

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SSHServerTransport.class);

  private final SSHServerFactory factory;
  private final Reactor reactor;
  private final PacketDecoder decoder = new PacketDecoder();
  private final PacketEncoder encoder = new PacketEncoder();
  private final Deque<byte[]> heldBack = new ArrayDeque<>();

  private final VersionExchange versionLine = new VersionExchange();
  private String clientVersion;

  private byte[] ourKexInit;
  private byte[] peerKexInit;
  private KexInit.Negotiated negotiated;
  private boolean kexOutgoing;   // our KEXINIT sent, our NEWKEYS not yet
  private boolean kexIncoming;   // their KEXINIT received, their NEWKEYS not yet
  private boolean ignoreNextKexPacket;
  private boolean strict;
  private boolean firstKexDone;
  private byte[] sessionId;
  private KeyDerivation pendingKeys;

  /** Bytes sent under the current keys (reset at our NEWKEYS) and received (at theirs). */
  private long sentSinceKex;
  private long receivedSinceKex;
  private DelayedCall rekeyTimer;
  private DelayedCall graceTimer;
  private DelayedCall keepAliveTimer;
  /** Keepalive probes sent since the client last sent anything. */
  private int unansweredKeepAlives;

  private ServiceLayer service;
  private int inputPaused;
  private boolean disconnected;

  SSHServerTransport(SSHServerFactory factory) {
    this.factory = factory;
    this.reactor = factory.reactor();
  }

  @Override
  public void connectionMade() {
    transport.write((VERSION + "\r\n").getBytes(StandardCharsets.US_ASCII));
    sendKexInit();
    graceTimer = reactor.callLater(factory.loginGraceSeconds(), () -> {
      LOG.info("SSH: " + transport.getPeer() + " did not log in within the grace time");
      disconnect(SSHProtocolError.BY_APPLICATION, "login grace time exceeded");
    });
  }

  @Override
  public void connectionLost(Failure reason) {
    disconnected = true;
    cancel(graceTimer);
    cancel(rekeyTimer);
    cancel(keepAliveTimer);
    if (service != null) {
      service.connectionLost();
    }
  }

  private static void cancel(DelayedCall c) {
    if (c != null && c.active()) {
      c.cancel();
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    if (disconnected) {
      return;
    }
    try {
      int off = 0;
      if (clientVersion == null) {
        off = versionLine.feed(data, 0);
        clientVersion = versionLine.version();
        if (clientVersion == null) {
          return;
        }
      }
      unansweredKeepAlives = 0;
      if (off < data.length) {
        receivedSinceKex += data.length - off;
        decoder.feed(data, off, data.length - off);
      }
      drain();
      maybeRekey();
    } catch (SSHProtocolError e) {
      disconnect(e.reason, e.getMessage());
    }
  }

  /** Handles every complete packet, unless a service has paused input (a login in progress). */
  private void drain() {
    byte[] payload;
    while (inputPaused == 0 && !disconnected && (payload = decoder.next()) != null) {
      handlePacket(payload);
    }
  }

  private void handlePacket(byte[] payload) {
    int type = payload[0] & 0xff;
    SSHReader r = new SSHReader(payload, 1, payload.length - 1);
    if (!firstKexDone && strict && type != Messages.KEXINIT && type != Messages.KEX_ECDH_INIT
        && type != Messages.NEWKEYS) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
          "message " + type + " during strict initial key exchange");
    }
    switch (type) {
      case Messages.DISCONNECT -> {
        disconnected = true;
        transport.loseConnection();
      }
      case Messages.IGNORE, Messages.DEBUG, Messages.UNIMPLEMENTED -> { }
      case Messages.KEXINIT -> kexInitReceived(payload, r);
      case Messages.KEX_ECDH_INIT -> kexInitMessage(r);
      case Messages.NEWKEYS -> newKeysReceived();
      default -> {
        if (kexIncoming) {
          // RFC 4253 7.1: nothing but transport messages between KEXINIT and NEWKEYS.
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
              "message " + type + " during key exchange");
        }
        if (!firstKexDone) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
              "message " + type + " before key exchange");
        }
        if (type == Messages.SERVICE_REQUEST) {
          serviceRequest(r);
        } else if (type >= 50 && service != null && service.accepts(type)) {
          service.handle(type, r);
        } else if (type >= 30 && type < 50) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR,
              "key exchange message " + type + " outside a key exchange");
        } else {
          sendPacket(new SSHWriter().writeByte(Messages.UNIMPLEMENTED)
              .writeUint32(decoder.lastSequence()).toByteArray());
        }
      }
    }
  }

  // ---- key exchange (RFC 4253 7, 8) ----

  private void sendKexInit() {
    ourKexInit = KexInit.serverProposal(factory, !firstKexDone ? STRICT_SERVER : null);
    kexOutgoing = true;
    transport.write(encoder.encode(ourKexInit));
  }

  private void kexInitReceived(byte[] payload, SSHReader r) {
    if (kexIncoming) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "second KEXINIT");
    }
    KexInit peer = KexInit.parse(r);
    if (!firstKexDone && peer.kexAlgorithms().contains(STRICT_CLIENT)) {
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
    negotiated = KexInit.negotiate(peer, KexInit.parse(
        new SSHReader(ourKexInit, 1, ourKexInit.length - 1)));
    // RFC 4253 7: a wrong guessed first packet is ignored.
    ignoreNextKexPacket = peer.firstKexPacketFollows()
        && (!peer.kexAlgorithms().get(0).equals(negotiated.kex())
            || !peer.hostKeyAlgorithms().get(0).equals(negotiated.hostKey()));
  }

  /** SSH_MSG_KEX_ECDH_INIT / SSH_MSG_KEXDH_INIT: the client's ephemeral public value. */
  private void kexInitMessage(SSHReader r) {
    if (!kexIncoming || pendingKeys != null) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "unexpected KEX_ECDH_INIT");
    }
    if (ignoreNextKexPacket) {
      ignoreNextKexPacket = false;
      return;
    }
    KeyExchange kex = KeyExchange.create(negotiated.kex());
    HostKey hostKey = factory.hostKeyFor(negotiated.hostKey());
    byte[] hostBlob = hostKey.publicBlob();
    SSHWriter h = new SSHWriter(1024)
        .writeString(clientVersion).writeString(VERSION)
        .writeString(peerKexInit).writeString(ourKexInit).writeString(hostBlob);
    byte[] peer = kex.readPeer(r, h);
    SSHWriter ours = new SSHWriter();
    kex.writePublic(ours);
    h.writeRaw(ours.toByteArray());
    BigInteger k = kex.agree(peer);
    h.writeMpint(k);
    byte[] hash;
    try {
      hash = MessageDigest.getInstance(kex.hash()).digest(h.toByteArray());
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
    if (sessionId == null) {
      sessionId = hash;
    }
    byte[] signature = hostKey.sign(negotiated.hostKey(), hash);
    transport.write(encoder.encode(new SSHWriter().writeByte(Messages.KEX_ECDH_REPLY)
        .writeString(hostBlob).writeRaw(ours.toByteArray()).writeString(signature).toByteArray()));
    pendingKeys = new KeyDerivation(kex.hash(), k, hash, sessionId);
    transport.write(encoder.encode(new byte[] {Messages.NEWKEYS}));
    KexInit.Negotiated n = negotiated;
    encoder.setCipher(Algorithms.create(n.cipherS2C(), n.macS2C(),
        pendingKeys.derive('D', Algorithms.keyLength(n.cipherS2C())),
        pendingKeys.derive('B', Algorithms.ivLength(n.cipherS2C())),
        pendingKeys.derive('F', Algorithms.macKeyLength(n.macS2C())), true), strict);
    kexOutgoing = false;
    sentSinceKex = 0;
    while (!heldBack.isEmpty() && !kexOutgoing) {
      byte[] wire = encoder.encode(heldBack.poll());
      sentSinceKex += wire.length;
      transport.write(wire);
    }
  }

  private void newKeysReceived() {
    if (pendingKeys == null) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "NEWKEYS before key exchange");
    }
    KexInit.Negotiated n = negotiated;
    decoder.setCipher(Algorithms.create(n.cipherC2S(), n.macC2S(),
        pendingKeys.derive('C', Algorithms.keyLength(n.cipherC2S())),
        pendingKeys.derive('A', Algorithms.ivLength(n.cipherC2S())),
        pendingKeys.derive('E', Algorithms.macKeyLength(n.macC2S())), false), strict);
    pendingKeys = null;
    kexIncoming = false;
    firstKexDone = true;
    receivedSinceKex = 0;
    cancel(rekeyTimer);
    rekeyTimer = reactor.callLater(factory.rekeySeconds(), this::rekey);
    maybeRekey();
  }

  /** Starts a new key exchange (RFC 4253 9), unless one is under way. */
  public void rekey() {
    if (!disconnected && firstKexDone && !kexOutgoing && !kexIncoming) {
      sendKexInit();
    }
  }

  // ---- services ----

  private void serviceRequest(SSHReader r) {
    String name = r.readUtf8();
    if (name.equals("ssh-userauth") && service == null) {
      service = new UserAuthServer(this, factory);
      sendPacket(new SSHWriter().writeByte(Messages.SERVICE_ACCEPT).writeString(name).toByteArray());
    } else {
      throw new SSHProtocolError(SSHProtocolError.SERVICE_NOT_AVAILABLE, "no service " + name);
    }
  }

  /** Called by user authentication once a user is in: the connection service takes over. */
  public void authenticated(ConchUser avatar, Runnable logout) {
    cancel(graceTimer);
    service = new ConnectionServer(this, factory, avatar, logout);
    if (factory.keepAliveSeconds() > 0) {
      keepAliveTimer = reactor.callLater(factory.keepAliveSeconds(), this::keepAlive);
    }
  }

  /**
   * OpenSSH's ClientAliveInterval: a global request the client must answer (with failure, as
   * it knows no "keepalive@openssh.com"); any bytes from the client count as an answer. After
   * {@code keepAliveCountMax} silent intervals the client is gone.
   */
  private void keepAlive() {
    if (disconnected) {
      return;
    }
    if (++unansweredKeepAlives > factory.keepAliveCountMax()) {
      disconnect(SSHProtocolError.CONNECTION_LOST, "no answer to keepalive");
      return;
    }
    sendPacket(new SSHWriter().writeByte(Messages.GLOBAL_REQUEST)
        .writeString("keepalive@openssh.com").writeBoolean(true).toByteArray());
    keepAliveTimer = reactor.callLater(factory.keepAliveSeconds(), this::keepAlive);
  }

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

  /** RFC 4253 9: new keys after a gigabyte either way (or the factory's limit). */
  private void maybeRekey() {
    if (sentSinceKex > factory.rekeyBytes() || receivedSinceKex > factory.rekeyBytes()) {
      rekey();
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
      } catch (SSHProtocolError e) {
        disconnect(e.reason, e.getMessage());
      }
    }
  }

  /** SSH_MSG_DISCONNECT (RFC 4253 11.1), then close. */
  public void disconnect(int reason, String description) {
    if (disconnected) {
      return;
    }
    LOG.info("SSH: disconnecting " + transport.getPeer() + ": " + description);
    try {
      if (!kexOutgoing || reason != 0) {
        transport.write(encoder.encode(new SSHWriter().writeByte(Messages.DISCONNECT)
            .writeUint32(reason).writeString(description).writeString("").toByteArray()));
      }
    } catch (RuntimeException e) {
      // the encoder may be in no state to seal; closing is what matters
    }
    disconnected = true;
    transport.loseConnection();
  }

  public byte[] sessionId() {
    return sessionId.clone();
  }

  public Reactor reactor() {
    return reactor;
  }

  public dev.torsion.internet.Transport transport() {
    return transport;
  }

  public boolean isStrict() {
    return strict;
  }
}
