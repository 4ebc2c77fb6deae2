package dev.torsion.conch.ssh.internal;

import dev.torsion.conch.ssh.ConchUser;
import dev.torsion.conch.ssh.SSHServerFactory;
import dev.torsion.conch.ssh.SSHServerTransport;
import dev.torsion.conch.ssh.SSHSession;
import dev.torsion.internet.Reactor;

/**
 * The ssh-connection service (RFC 4254), server side: channel open/close bookkeeping, window
 * messages and requests routed to each {@link Channel}, global requests.
 *
 * <pre>
 *   CHANNEL_OPEN "session"      -> SessionChannelImpl (exec, shell, pty-req, env, subsystem...)
 *   CHANNEL_OPEN "direct-tcpip" -> ForwardChannel, when the avatar allows the target
 *   GLOBAL_REQUEST tcpip-forward / cancel-tcpip-forward -> RemoteForwards
 * </pre>
 */
public final class ConnectionServer extends Connection {
  private final SSHServerTransport transport;
  private final SSHServerFactory factory;
  private final ConchUser avatar;
  private final Runnable logout;
  final RemoteForwards remoteForwards;

  public ConnectionServer(SSHServerTransport transport, SSHServerFactory factory,
      ConchUser avatar, Runnable logout) {
    this.transport = transport;
    this.factory = factory;
    this.avatar = avatar;
    this.logout = logout;
    this.remoteForwards = new RemoteForwards(this, avatar);
  }

  @Override
  void send(byte[] payload) {
    transport.sendPacket(payload);
  }

  @Override
  Reactor reactor() {
    return transport.reactor();
  }

  @Override
  int maxChannels() {
    return factory.maxChannels();
  }

  @Override
  byte[] globalRequest(String name, SSHReader r) {
    return switch (name) {
      case "tcpip-forward" -> remoteForwards.forward(r);
      case "cancel-tcpip-forward" -> remoteForwards.cancel(r);
      default -> null; // keepalive@openssh.com and the rest: failure, as RFC 4254 4 says
    };
  }

  @Override
  void channelOpen(String kind, int sender, long window, int maxPacket, SSHReader r) {
    int id = allocateId();
    Channel c;
    if (kind.equals("session")) {
      SSHSession session = avatar.openSession();
      if (session == null) {
        openFailure(sender, 1, "refused");
        return;
      }
      c = new SessionChannelImpl(this, id, session);
    } else if (kind.equals("direct-tcpip")) {
      // RFC 4254 7.2: string host to connect, uint32 port, string originator, uint32 port
      String host = r.readUtf8();
      int port = r.readInt();
      r.readUtf8();
      r.readInt();
      if (port <= 0 || port >= 65536 || !avatar.allowDirectTcpip(host, port)) {
        openFailure(sender, 1, "forwarding to " + host + ":" + port + " refused");
        return;
      }
      ForwardChannel f = new ForwardChannel(this, id);
      f.setRemote(sender, window, maxPacket);
      register(f);
      f.connectTo(host, port);
      return;
    } else {
      openFailure(sender, 3, "unknown channel type " + kind);
      return;
    }
    c.setRemote(sender, window, maxPacket);
    register(c);
    confirmOpen(c);
  }

  @Override
  public void connectionLost() {
    closeAll();
    remoteForwards.stopAll();
    logout.run();
  }
}
