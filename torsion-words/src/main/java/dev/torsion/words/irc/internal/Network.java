package dev.torsion.words.irc.internal;

import dev.torsion.cred.Portal;
import dev.torsion.internet.ReactorTime;
import dev.torsion.words.irc.CaseMapping;
import dev.torsion.words.irc.IRCServerOptions;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The state all connections of one server share: who has which nick, which channels exist. Used
 * from one reactor thread only (the words plugin runs one), so it holds no locks.
 */
public final class Network {
  public static final CaseMapping CASE = CaseMapping.RFC1459;

  public final IRCServerOptions options;
  public final ReactorTime clock;
  /** Null when anyone may take a free nick. */
  public final Portal portal;
  public final String created;
  private final Map<String, ServerConnection> nicks = new HashMap<>();
  private final Map<String, Channel> channels = new LinkedHashMap<>();
  private int connections;
  private int batchDepth;
  private final java.util.List<ServerConnection> dirty = new java.util.ArrayList<>();

  public Network(IRCServerOptions options, ReactorTime clock, Portal portal) {
    this.options = options;
    this.clock = clock;
    this.portal = portal;
    this.created = java.time.Instant.now().toString();
  }

  public ServerConnection byNick(String nick) {
    return nicks.get(CASE.lower(nick));
  }

  public Collection<ServerConnection> clients() {
    return nicks.values();
  }

  /** Claims {@code nick} for {@code c} (dropping its old one); false if another has it. */
  public boolean claimNick(ServerConnection c, String oldNick, String nick) {
    String key = CASE.lower(nick);
    ServerConnection holder = nicks.get(key);
    if (holder != null && holder != c) {
      return false;
    }
    if (oldNick != null) {
      nicks.remove(CASE.lower(oldNick), c);
    }
    nicks.put(key, c);
    return true;
  }

  public void releaseNick(ServerConnection c, String nick) {
    if (nick != null) {
      nicks.remove(CASE.lower(nick), c);
    }
  }

  public Channel channel(String name) {
    return channels.get(CASE.lower(name));
  }

  public Channel createChannel(String name) {
    Channel ch = new Channel(name, clock.seconds());
    channels.put(CASE.lower(name), ch);
    return ch;
  }

  public void dropIfEmpty(Channel ch) {
    if (ch.members.isEmpty()) {
      channels.remove(CASE.lower(ch.name), ch);
    }
  }

  public Collection<Channel> channels() {
    return channels.values();
  }

  /**
   * Starts collecting writes: while one client's chunk of input is handled, the lines it causes
   * for every client are queued and go out at {@link #endBatch}, one gathering write per client
   * instead of one system call per line (a message to a channel of 100 is 99 lines).
   */
  public void startBatch() {
    batchDepth++;
  }

  public void endBatch() {
    if (--batchDepth > 0) {
      return;
    }
    for (int i = 0; i < dirty.size(); i++) {
      dirty.get(i).flushPending();
    }
    dirty.clear();
  }

  public boolean batching() {
    return batchDepth > 0;
  }

  void dirty(ServerConnection c) {
    dirty.add(c);
  }

  /** Counts a new connection; false when the server is full. */
  public boolean connect() {
    if (connections >= options.maxClients()) {
      return false;
    }
    connections++;
    return true;
  }

  public void disconnect() {
    connections--;
  }
}
