package dev.torsion.words.irc;

import dev.torsion.cred.LoginLimiter;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.words.irc.internal.Network;
import dev.torsion.words.irc.internal.ServerConnection;

/**
 * An IRC server: the factory whose connections share one network of nicks and channels, as
 * Twisted's {@code twisted.words.service.IRCFactory} is. It speaks RFC 1459/2812 with IRCv3 CAP,
 * SASL PLAIN and message-tags parsing, and keeps every client within limits (512-byte lines,
 * flood penalty, channels per user, registration and ping timeouts on {@code clock}).
 *
 * <pre>{@code
 * IRCServerFactory irc = new IRCServerFactory(
 *     IRCServerOptions.builder("irc.example.com").motd(List.of("Welcome!")).build(), reactor);
 * Endpoints.serverFromString(reactor, "tcp:6667").listen(irc);
 * }</pre>
 *
 * <p>All its connections must run on one reactor thread (they share the network without locks).
 * With {@link IRCServerOptions#users()} set, a client logs in with {@code PASS} (the password of
 * the account named by its first NICK) or SASL PLAIN before it is welcomed.
 */
public final class IRCServerFactory extends Factory {
  private final Network network;

  public IRCServerFactory(IRCServerOptions options, ReactorTime clock) {
    Portal portal = null;
    if (options.users() != null) {
      portal = new Portal(Realm.of(ServerConnection.Account.class, ServerConnection.Account::new),
          options.users());
      portal.setLimiter(new LoginLimiter(clock));
    }
    this.network = new Network(options, clock, portal);
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    ServerConnection c = new ServerConnection(network);
    c.setFactory(this);
    return c;
  }

  /** How many nicks are registered now. */
  public int userCount() {
    return network.clients().size();
  }

  /** How many channels exist now. */
  public int channelCount() {
    return network.channels().size();
  }

  public IRCServerOptions options() {
    return network.options;
  }
}
