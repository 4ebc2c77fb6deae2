package dev.torsion.words.irc.internal;

import static dev.torsion.words.irc.internal.Numeric.*;

import dev.torsion.cred.LoginFailed;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.internet.Address;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.internet.Protocol;
import dev.torsion.words.irc.IRCMessage;
import dev.torsion.words.irc.IRCParseError;
import dev.torsion.words.irc.IRCServerOptions;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * One client of the IRC server: framing, flood control, registration, timers and the commands
 * about the connection itself. Channel commands are in {@link ChannelCommands}, messages and
 * queries in {@link UserCommands}, CAP and SASL in {@link Capabilities}.
 *
 * <pre>
 *   connected --NICK+USER (and CAP END, and a login when users are set)--> registered --QUIT--> closed
 *       |                                                                      |
 *       '-- registration timeout ------------------> closed     idle: PING, then ping timeout
 * </pre>
 */
public final class ServerConnection extends Protocol {
  static final String VERSION = "torsion-words-0.1";

  final Network net;
  final IRCServerOptions o;
  private final LineFramer framer = new LineFramer();
  private FloodGate flood;
  private final LineFramer.Sink sink = new LineFramer.Sink() {
    @Override
    public void line(String line) {
      activity();
      if (!flood.offer(line, ServerConnection.this::handle)) {
        close("Excess Flood");
      }
    }

    @Override
    public void tooLong() {
      numeric(ERR_INPUTTOOLONG, "Input line was too long");
    }
  };

  String nick;
  String user;
  String realName = "";
  String host = "localhost";
  boolean registered;
  boolean capNegotiating;
  final Set<String> caps = new HashSet<>();
  String password;
  /** The account logged in by PASS or SASL, or null. */
  String account;
  boolean loginPending;
  String away;
  boolean invisible;
  final Set<Channel> channels = new LinkedHashSet<>();
  double signon;
  double lastMessage;
  final Capabilities.Sasl sasl = new Capabilities.Sasl();
  /** Lines queued while the network batches writes (see {@link Network#startBatch}). */
  private final List<byte[]> pending = new ArrayList<>();
  private DelayedCall registrationTimer;
  private DelayedCall pingTimer;
  private boolean pingSent;
  private boolean counted;
  private boolean closing;

  public ServerConnection(Network net) {
    this.net = net;
    this.o = net.options;
  }

  @Override
  public void connectionMade() {
    flood = new FloodGate(net.clock, o.floodPenalty(), o.floodBurst(), o.floodQueue());
    host = hostOf(transport.getPeer());
    if (!net.connect()) {
      sendRaw("ERROR :Closing Link: " + host + " (Server is full)");
      closing = true;
      transport.loseConnection();
      return;
    }
    counted = true;
    registrationTimer = net.clock.callLater(o.registrationTimeout(), () -> {
      registrationTimer = null; // running: no longer cancellable
      close("Registration timed out");
    });
  }

  @Override
  public void dataReceived(byte[] data) {
    net.startBatch();
    try {
      framer.feed(data, sink, () -> closing || transport.isDisconnecting());
    } finally {
      net.endBatch();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (!closing) {
      cleanUp("Connection closed");
    }
    if (counted) {
      counted = false;
      net.disconnect();
    }
  }

  /** Any line proves the client alive: push the PING back. */
  private void activity() {
    if (!registered || closing) {
      return;
    }
    pingSent = false;
    if (pingTimer != null && pingTimer.active()) {
      pingTimer.reset(o.pingInterval());
    }
  }

  private void pingDue() {
    pingTimer = null; // running: no longer cancellable
    if (closing) {
      return;
    }
    if (pingSent) {
      close("Ping timeout: " + (long) (o.pingInterval() + o.pingTimeout()) + " seconds");
      return;
    }
    pingSent = true;
    sendRaw("PING :" + o.serverName());
    pingTimer = net.clock.callLater(o.pingTimeout(), this::pingDue);
  }

  void handle(String line) {
    if (closing) {
      return;
    }
    IRCMessage m;
    try {
      m = IRCMessage.parse(line);
    } catch (IRCParseError e) {
      return; // RFC 2812 2.3.1: not a message; silently ignored, as an empty one is
    }
    String cmd = m.command();
    switch (cmd) {
      case "PASS" -> pass(m);
      case "NICK" -> nick(m);
      case "USER" -> user(m);
      case "CAP" -> Capabilities.cap(this, m);
      case "AUTHENTICATE" -> Capabilities.authenticate(this, m);
      case "PING" -> ping(m);
      case "PONG" -> { }
      case "QUIT" -> close(m.params().isEmpty() ? "Quit" : "Quit: " + m.param(0));
      default -> {
        if (!registered) {
          numeric(ERR_NOTREGISTERED, "You have not registered");
          return;
        }
        registeredCommand(cmd, m);
      }
    }
  }

  private void registeredCommand(String cmd, IRCMessage m) {
    switch (cmd) {
      case "JOIN" -> ChannelCommands.join(this, m);
      case "PART" -> ChannelCommands.part(this, m);
      case "TOPIC" -> ChannelCommands.topic(this, m);
      case "NAMES" -> ChannelCommands.names(this, m);
      case "LIST" -> ChannelCommands.list(this, m);
      case "KICK" -> ChannelCommands.kick(this, m);
      case "INVITE" -> ChannelCommands.invite(this, m);
      case "MODE" -> {
        if (m.params().isEmpty()) {
          needMoreParams("MODE");
        } else if (m.param(0).startsWith("#")) {
          ChannelModes.mode(this, m);
        } else {
          UserCommands.userMode(this, m);
        }
      }
      case "PRIVMSG", "NOTICE" -> UserCommands.message(this, m);
      case "WHO" -> UserCommands.who(this, m);
      case "WHOIS" -> UserCommands.whois(this, m);
      case "ISON" -> UserCommands.ison(this, m);
      case "AWAY" -> UserCommands.away(this, m);
      case "MOTD" -> motd();
      default -> numeric(ERR_UNKNOWNCOMMAND, cmd, "Unknown command");
    }
  }

  private void pass(IRCMessage m) {
    if (registered) {
      numeric(ERR_ALREADYREGISTRED, "You may not reregister");
    } else if (m.params().isEmpty()) {
      needMoreParams("PASS");
    } else {
      password = m.param(0);
    }
  }

  /*
   * RFC 2812 2.3.1:  nickname = ( letter / special ) *( letter / digit / special / "-" )
   *                  special  = "[" "]" "\" "`" "_" "^" "{" "|" "}"
   */
  boolean validNick(String n) {
    if (n.isEmpty() || n.length() > o.maxNickLength()) {
      return false;
    }
    for (int i = 0; i < n.length(); i++) {
      char c = n.charAt(i);
      boolean letter = (c >= 'A' && c <= 'Z') || (c >= 'a' && c <= 'z');
      boolean special = (c >= '[' && c <= '`') || (c >= '{' && c <= '}');
      boolean other = (c >= '0' && c <= '9') || c == '-';
      if (!(letter || special || (i > 0 && other))) {
        return false;
      }
    }
    return true;
  }

  private void nick(IRCMessage m) {
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      numeric(ERR_NONICKNAMEGIVEN, "No nickname given");
      return;
    }
    String wanted = m.param(0);
    if (!validNick(wanted)) {
      numeric(ERR_ERRONEUSNICKNAME, wanted, "Erroneous nickname");
      return;
    }
    if (wanted.equals(nick)) {
      return;
    }
    if (!net.claimNick(this, nick, wanted)) {
      numeric(ERR_NICKNAMEINUSE, wanted, "Nickname is already in use");
      return;
    }
    String old = nick;
    String oldPrefix = registered ? prefix() : null;
    nick = wanted;
    if (registered) {
      String line = line(oldPrefix, "NICK", wanted);
      Set<ServerConnection> told = new HashSet<>();
      told.add(this);
      sendRaw(line);
      for (Channel ch : channels) {
        for (ServerConnection peer : ch.members.keySet()) {
          if (told.add(peer)) {
            peer.sendRaw(line);
          }
        }
      }
    } else if (old == null) {
      maybeRegister();
    }
  }

  private void user(IRCMessage m) {
    if (registered || user != null) {
      numeric(ERR_ALREADYREGISTRED, "You may not reregister");
      return;
    }
    if (m.params().size() < 4 || m.param(0).isEmpty()) {
      needMoreParams("USER");
      return;
    }
    String u = m.param(0).replaceAll("[^A-Za-z0-9._\\-\\[\\]\\\\`^{}|]", "");
    if (u.isEmpty()) {
      u = "user";
    }
    user = u.length() > 10 ? u.substring(0, 10) : u; // USERLEN, as most servers
    realName = m.param(3);
    maybeRegister();
  }

  private void ping(IRCMessage m) {
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      numeric(ERR_NOORIGIN, "No origin specified");
      return;
    }
    sendRaw(line(o.serverName(), "PONG", o.serverName(), m.param(0)));
  }

  /** Registers once NICK, USER, CAP END and (with users set) a login are all in. */
  void maybeRegister() {
    if (registered || closing || nick == null || user == null || capNegotiating || loginPending
        || sasl.inProgress()) {
      return;
    }
    if (net.portal != null && account == null) {
      if (password == null) {
        numeric(ERR_PASSWDMISMATCH, "Password required");
        close("Bad password");
        return;
      }
      // Twisted words' way: PASS is the password of the account named by the NICK.
      loginPending = true;
      String pw = password;
      password = null;
      net.portal.login(new UsernamePassword(nick, pw), transport.getPeer(), this, Account.class)
          .addCallbacks(login -> {
            loginPending = false;
            account = login.avatarId();
            maybeRegister();
            return null;
          }, failure -> {
            loginPending = false;
            if (!closing) {
              numeric(ERR_PASSWDMISMATCH, failure.value() instanceof LoginFailed
                  ? "Password incorrect" : "Login failed");
              close("Bad password");
            }
            return null;
          });
      return;
    }
    registered = true;
    signon = net.clock.seconds();
    lastMessage = signon;
    if (registrationTimer != null && registrationTimer.active()) {
      registrationTimer.cancel();
    }
    pingTimer = net.clock.callLater(o.pingInterval(), this::pingDue);
    welcome();
  }

  private void welcome() {
    numeric(RPL_WELCOME, "Welcome to the " + o.networkName() + " Internet Relay Chat Network "
        + prefix());
    numeric(RPL_YOURHOST, "Your host is " + o.serverName() + ", running version " + VERSION);
    numeric(RPL_CREATED, "This server was created " + net.created);
    numeric(RPL_MYINFO, o.serverName(), VERSION, "i", "iklmnotv", "klov");
    List<String> tokens = List.of("CASEMAPPING=" + Network.CASE.token(), "CHANTYPES=#",
        "CHANMODES=b,k,l,imnt", "PREFIX=(ov)@+", "NICKLEN=" + o.maxNickLength(),
        "CHANNELLEN=" + o.maxChannelLength(), "TOPICLEN=" + o.maxTopicLength(),
        "CHANLIMIT=#:" + o.maxChannelsPerUser(), "MAXTARGETS=" + o.maxTargets(), "MODES=3",
        "NETWORK=" + o.networkName(), "AWAYLEN=200", "KICKLEN=200");
    List<String> params = new ArrayList<>(tokens);
    params.add("are supported by this server");
    numeric(RPL_ISUPPORT, params.toArray(new String[0]));
    motd();
  }

  private void motd() {
    List<String> lines = o.motd();
    if (lines == null) {
      numeric(ERR_NOMOTD, "MOTD File is missing");
      return;
    }
    numeric(RPL_MOTDSTART, "- " + o.serverName() + " Message of the day - ");
    for (String l : lines) {
      numeric(RPL_MOTD, "- " + l);
    }
    numeric(RPL_ENDOFMOTD, "End of MOTD command");
  }

  /** Sends the ERROR, tells the channels, closes. */
  void close(String reason) {
    if (closing) {
      return;
    }
    cleanUp(reason);
    sendRaw("ERROR :Closing Link: " + host + " (" + reason + ")");
    closing = true;
    flushPending();
    transport.loseConnection();
  }

  private void cleanUp(String reason) {
    boolean wasRegistered = registered;
    if (wasRegistered) {
      String quit = line(prefix(), "QUIT", reason);
      Set<ServerConnection> told = new HashSet<>();
      for (Channel ch : channels) {
        for (ServerConnection peer : ch.members.keySet()) {
          if (peer != this && told.add(peer)) {
            peer.sendRaw(quit);
          }
        }
      }
    }
    for (Channel ch : new ArrayList<>(channels)) {
      ch.members.remove(this);
      net.dropIfEmpty(ch);
    }
    channels.clear();
    net.releaseNick(this, nick);
    registered = false;
    for (DelayedCall t : new DelayedCall[] {registrationTimer, pingTimer}) {
      if (t != null && t.active()) {
        t.cancel();
      }
    }
    if (flood != null) {
      flood.stop();
    }
  }

  boolean isClosing() {
    return closing;
  }

  String prefix() {
    return nick + "!" + user + "@" + host;
  }

  String nickOrStar() {
    return nick == null ? "*" : nick;
  }

  void needMoreParams(String cmd) {
    numeric(ERR_NEEDMOREPARAMS, cmd, "Not enough parameters");
  }

  /** A numeric reply from the server to this client: {@code :server CODE nick params...}. */
  void numeric(String code, String... params) {
    String[] all = new String[params.length + 1];
    all[0] = nickOrStar();
    System.arraycopy(params, 0, all, 1, params.length);
    sendRaw(line(o.serverName(), code, all));
  }

  /**
   * A line from {@code prefix}; words the client sent that end up in a middle parameter are
   * made safe for one (a space or a leading ':' would shift the parameters).
   */
  static String line(String prefix, String command, String... params) {
    for (int i = 0; i < params.length - 1; i++) {
      String p = params[i];
      if (p.isEmpty() || p.charAt(0) == ':' || p.indexOf(' ') >= 0) {
        p = p.replace(' ', '_');
        params[i] = p.isEmpty() || p.charAt(0) == ':' ? "*" + p : p;
      }
    }
    String s = IRCMessage.prefixed(prefix, command, params).toString();
    if (params.length == 0) {
      return s;
    }
    // As servers do, the last parameter always goes as a trailing one (":text"), so that clients
    // that take the text from after " :" read single words right too.
    String last = params[params.length - 1];
    int at = s.length() - last.length();
    return s.charAt(at - 1) == ':' ? s : s.substring(0, at) + ":" + last;
  }

  /** Writes {@code line} with CR LF, cut to 510 bytes (RFC 1459 2.3) at a character boundary. */
  void sendRaw(String line) {
    if (transport == null || closing || transport.isDisconnecting()) {
      return;
    }
    sendFramed(frame(line));
  }

  /**
   * Writes a line already framed by {@link #frame}: a channel encodes a message once and hands
   * the same array to every member (transports keep, and never change, what they are given).
   */
  void sendFramed(byte[] framed) {
    if (transport == null || closing || transport.isDisconnecting()) {
      return;
    }
    if (!net.batching()) {
      transport.write(framed);
      return;
    }
    if (pending.isEmpty()) {
      net.dirty(this);
    }
    pending.add(framed);
  }

  /** Writes what a batch queued, in one gathering write. */
  void flushPending() {
    if (pending.isEmpty()) {
      return;
    }
    List<byte[]> out = new ArrayList<>(pending);
    pending.clear();
    if (transport != null && !transport.isDisconnecting()) {
      transport.writeSequence(out);
    }
  }

  /** {@code line} as UTF-8 with CR LF, cut to 510 bytes at a character boundary. */
  static byte[] frame(String line) {
    byte[] b = line.getBytes(StandardCharsets.UTF_8);
    int len = b.length;
    if (len > 510) {
      len = 510;
      while (len > 0 && (b[len] & 0xC0) == 0x80) {
        len--; // do not split a UTF-8 sequence
      }
    }
    byte[] out = new byte[len + 2];
    System.arraycopy(b, 0, out, 0, len);
    out[len] = '\r';
    out[len + 1] = '\n';
    return out;
  }

  private static String hostOf(Address a) {
    if (a instanceof IPv4Address v4) {
      return v4.host();
    }
    if (a instanceof IPv6Address v6) {
      // A host starting with ':' would read as a trailing parameter in WHO replies.
      return v6.host().startsWith(":") ? "0" + v6.host() : v6.host();
    }
    return "localhost";
  }

  /** What the realm hands back for a login: the account name is all the server needs. */
  public record Account(String name) {}
}
