package dev.torsion.conch.ssh;

import dev.torsion.conch.ssh.internal.ConnectionServer;
import dev.torsion.conch.ssh.internal.KexInit;
import dev.torsion.conch.ssh.internal.Messages;
import dev.torsion.conch.ssh.internal.SSHProtocolError;
import dev.torsion.conch.ssh.internal.SSHReader;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.conch.ssh.internal.ServiceLayer;
import dev.torsion.conch.ssh.internal.TransportLayer;
import dev.torsion.conch.ssh.internal.UserAuthServer;
import dev.torsion.conch.ssh.internal.VersionExchange;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;

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
 * <p>The key exchange, rekeying and the state checks are the internal {@code TransportLayer} the client
 * shares (in the server's role: it signs with its host key); this class adds what only a server
 * does: the login grace time, keepalive probes, and the ssh-userauth then ssh-connection
 * services.
 */
public final class SSHServerTransport extends Protocol {
  /** RFC 4253 4.2: a line, CR LF included, is at most 255 bytes. */
  public static final int MAX_LINE = VersionExchange.MAX_LINE;
  /** Lines allowed before the version line. */
  public static final int MAX_PRE_VERSION_LINES = VersionExchange.MAX_PRE_VERSION_LINES;
  public static final String VERSION = TransportLayer.VERSION;

  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(SSHServerTransport.class);

  private final SSHServerFactory factory;
  private final Reactor reactor;
  private TransportLayer layer;

  private DelayedCall graceTimer;
  private DelayedCall keepAliveTimer;
  /** Keepalive probes sent since the client last sent anything. */
  private int unansweredKeepAlives;

  private ServiceLayer service;

  SSHServerTransport(SSHServerFactory factory) {
    this.factory = factory;
    this.reactor = factory.reactor();
  }

  @Override
  public void connectionMade() {
    layer = new TransportLayer(transport, reactor, TransportLayer.Role.server(
        strictMarker -> KexInit.serverProposal(factory, strictMarker), factory::hostKeyFor),
        new Services(), factory.rekeyBytes(), factory.rekeySeconds());
    layer.start();
    graceTimer = reactor.callLater(factory.loginGraceSeconds(), () -> {
      LOG.info("SSH: " + transport.getPeer() + " did not log in within the grace time");
      disconnect(SSHProtocolError.BY_APPLICATION, "login grace time exceeded");
    });
  }

  @Override
  public void connectionLost(Failure reason) {
    layer.stop();
    cancel(graceTimer);
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
    unansweredKeepAlives = 0;
    layer.dataReceived(data);
  }

  /** What reaches the server above the transport: SERVICE_REQUEST, then the service's messages. */
  private final class Services implements TransportLayer.Upper {
    @Override
    public boolean packet(int type, SSHReader r) {
      if (type == Messages.SERVICE_REQUEST) {
        serviceRequest(r);
        return true;
      }
      if (type >= 50 && service != null && service.accepts(type)) {
        service.handle(type, r);
        return true;
      }
      return false;
    }

    @Override
    public void protocolError(SSHProtocolError e) {
      LOG.info("SSH: disconnecting " + transport.getPeer() + ": " + e.getMessage());
    }
  }

  /** Starts a new key exchange (RFC 4253 9), unless one is under way. */
  public void rekey() {
    layer.rekey();
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
    if (layer.isDisconnected()) {
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
    layer.sendPacket(payload);
  }

  /** Stops handling received packets until {@link #resumeInput} (the socket is paused too). */
  public void pauseInput() {
    layer.pauseInput();
  }

  public void resumeInput() {
    layer.resumeInput();
  }

  /** SSH_MSG_DISCONNECT (RFC 4253 11.1), then close. */
  public void disconnect(int reason, String description) {
    if (!layer.isDisconnected()) {
      LOG.info("SSH: disconnecting " + transport.getPeer() + ": " + description);
      layer.disconnect(reason, description);
    }
  }

  public byte[] sessionId() {
    return layer.sessionId();
  }

  public Reactor reactor() {
    return reactor;
  }

  public dev.torsion.internet.Transport transport() {
    return transport;
  }

  public boolean isStrict() {
    return layer.isStrict();
  }

  /** Key exchanges completed both ways, the first one included. */
  public int keyExchanges() {
    return layer.keyExchanges();
  }
}
