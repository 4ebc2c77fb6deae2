package dev.torsion.conch.ssh.internal;

import dev.torsion.conch.ssh.HostKey;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import java.util.ArrayDeque;
import java.util.ArrayList;
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
 * <p>The key exchange, rekeying and the state checks are the {@link TransportLayer} the server
 * shares, in the client's role (it verifies the host key's signature and the key itself).
 *
 * <p>{@code ready} fires with the connection once logged in, or fails with the reason the
 * connection ended first ({@link SSHProtocolError} carrying the disconnect reason).
 */
public final class SSHClientTransport extends Protocol {
  public static final String VERSION = TransportLayer.VERSION;

  /** What to log in as and how to judge the server: the public client API fills it in. */
  public record Config(Reactor reactor, String user, String password, HostKey identity,
      Function<byte[], String> hostKeyCheck, List<String> kex, List<String> hostKeyAlgorithms,
      List<String> ciphers, List<String> macs, long rekeyBytes, double rekeySeconds) {}

  private final Config config;
  private final Deferred<ConnectionClient> ready;
  private TransportLayer layer;

  private final Deque<String> methods = new ArrayDeque<>();
  private ConnectionClient connection;
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
    layer = new TransportLayer(transport, config.reactor(), TransportLayer.Role.client(
        strictMarker -> KexInit.build(config.kex(), config.hostKeyAlgorithms(), config.ciphers(),
            config.macs(), strictMarker), config.hostKeyCheck()),
        new Services(), config.rekeyBytes(), config.rekeySeconds());
    layer.start();
  }

  @Override
  public void connectionLost(Failure reason) {
    layer.stop();
    if (connection != null) {
      connection.connectionLost();
    }
    if (!ready.called()) {
      ready.errback(endReason != null ? endReason : reason.value());
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    layer.dataReceived(data);
  }

  /** What reaches the client above the transport: authentication, then the connection. */
  private final class Services implements TransportLayer.Upper {
    @Override
    public boolean packet(int type, SSHReader r) {
      if (connection != null && connection.accepts(type)) {
        connection.handle(type, r);
        return true;
      }
      if (connection == null && (type >= 5 && type <= 7 || type >= 50 && type < 80)) {
        authMessage(type, r);
        return true;
      }
      return false;
    }

    @Override
    public void firstKeysInPlace() {
      sendPacket(new SSHWriter().writeByte(Messages.SERVICE_REQUEST).writeString("ssh-userauth")
          .toByteArray());
    }

    @Override
    public void protocolError(SSHProtocolError e) {
      if (endReason == null) {
        endReason = e;
      }
    }

    @Override
    public void peerDisconnected(int reason, String description) {
      endReason = new SSHProtocolError(reason, "server disconnected: " + description);
    }
  }

  /** Starts a new key exchange unless one is under way. */
  public void rekey() {
    layer.rekey();
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
      byte[] signed = new SSHWriter(512).writeString(layer.sessionId())
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
    layer.sendPacket(payload);
  }

  /** SSH_MSG_DISCONNECT and close; {@code ready} fails with {@code why} if still waiting. */
  public void disconnect(int reason, String description, Throwable why) {
    if (layer.isDisconnected()) {
      return;
    }
    if (endReason == null) {
      endReason = why;
    }
    layer.disconnect(reason, description);
  }

  public Reactor reactor() {
    return config.reactor();
  }

  /** Key exchanges completed both ways, the first one included. */
  public int keyExchanges() {
    return layer.keyExchanges();
  }

  /** The algorithms agreed in the last key exchange: kex, host key, ciphers, MACs. */
  public List<String> negotiated() {
    return new ArrayList<>(layer.negotiated());
  }
}
