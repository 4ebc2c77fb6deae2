package dev.torsion.words.irc;

import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.words.irc.internal.CTCP;
import dev.torsion.words.irc.internal.LineFramer;
import dev.torsion.words.irc.internal.MessageSplitter;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * An IRC client for bots: Twisted's {@code irc.IRCClient}, with the same names. Subclass it, set
 * {@link #nickname} (and perhaps {@link #password}, {@link #saslUsername}), and override the
 * callbacks you care about; call {@link #join}, {@link #msg}, {@link #describe}... to act. It
 * answers PING, CTCP VERSION, PING and TIME by itself, picks another nick on a collision while
 * signing on ({@link #alterCollidedNick}), and logs in with SASL PLAIN when the server offers it.
 *
 * <pre>{@code
 * final class EchoBot extends IRCClient {
 *   EchoBot() { nickname = "echobot"; }
 *
 *   @Override protected void signedOn() { join("#torsion"); }
 *
 *   @Override protected void privmsg(String user, String channel, String message) {
 *     if (message.startsWith(nickname + ":")) {
 *       msg(channel, IRCClient.nick(user) + ": " + message.substring(nickname.length() + 1).trim());
 *     }
 *   }
 * }
 * // Reconnects with backoff whenever the connection drops (Twisted's ClientService):
 * new ClientService(Endpoints.clientFromString(reactor, "tcp:irc.example.com:6667"),
 *     Factory.forProtocol(EchoBot::new), reactor).startService();
 * }</pre>
 *
 * <p>As in Twisted, {@code user} arguments are the sender's full {@code nick!user@host} for
 * messages ({@link #privmsg}, {@link #action}, {@link #noticed}) and the bare nick for channel
 * events ({@link #userJoined}...). {@code channel} is the channel, or this client's own nick for a
 * private message.
 */
public class IRCClient extends Protocol {
  /** The nick to sign on with; becomes the nick the server knows this client by. */
  protected String nickname = "torsionbot";
  /** The user name (ident) sent in USER; the nick when null. */
  protected String username;
  /** The real name sent in USER. */
  protected String realname = "Torsion IRC bot";
  /** The server password (PASS), or null. */
  protected String password;
  /** The SASL PLAIN account to log in as when the server offers SASL, or null. */
  protected String saslUsername;
  protected String saslPassword;
  /** What CTCP VERSION answers; null to answer nothing. */
  protected String versionName = "Torsion words";
  protected String versionNum = "0.1";
  protected String versionEnv = "Java";

  private final LineFramer framer = new LineFramer();
  private String attemptedNick;
  private boolean signedOn;
  private final StringBuilder capList = new StringBuilder();
  private boolean capDone;
  private String serverName;

  private final LineFramer.Sink sink = new LineFramer.Sink() {
    @Override
    public void line(String line) {
      IRCMessage m;
      try {
        m = IRCMessage.parse(line);
      } catch (IRCParseError e) {
        return; // nothing a bot can do about a broken server line
      }
      handleMessage(m);
    }

    @Override
    public void tooLong() {}
  };

  @Override
  public void connectionMade() {
    register(nickname);
  }

  @Override
  public void dataReceived(byte[] data) {
    framer.feed(data, sink, () -> transport.isDisconnecting());
  }

  @Override
  public void connectionLost(Failure reason) {
    signedOn = false;
  }

  /** Signs on: CAP LS (for SASL), PASS, NICK and USER. */
  protected void register(String nick) {
    attemptedNick = nick;
    capDone = saslUsername == null;
    if (!capDone) {
      sendMessage("CAP", "LS", "302");
    }
    if (password != null) {
      sendMessage("PASS", password);
    }
    sendMessage("NICK", nick);
    sendMessage("USER", username == null ? nick : username, "0", "*", realname);
  }

  /** Sends one message; throws IllegalArgumentException if it cannot be a line (a CR, LF...). */
  public void sendMessage(String command, String... params) {
    sendLine(IRCMessage.of(command, params).toString());
  }

  /** Sends a raw line (CR LF is added). */
  public void sendLine(String line) {
    if (transport == null || transport.isDisconnecting()) {
      return;
    }
    transport.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  /**
   * Handles one message from the server: the dispatch to the callbacks. Override it to see every
   * message (call super to keep the callbacks).
   */
  protected void handleMessage(IRCMessage m) {
    String nick = m.nick();
    String user = m.prefix() == null ? "" : m.prefix();
    switch (m.command()) {
      case "PING" -> sendMessage("PONG", m.param(0));
      case "001" -> {
        serverName = m.prefix();
        if (!m.param(0).isEmpty()) {
          nickname = m.param(0);
        }
        signedOn = true;
        signedOn();
      }
      case "433" -> {
        if (!signedOn) {
          attemptedNick = alterCollidedNick(attemptedNick);
          setNick(attemptedNick);
        }
      }
      case "NICK" -> {
        if (isMe(nick)) {
          nickname = m.param(0);
          nickChanged(nickname);
        } else {
          userRenamed(nick, m.param(0));
        }
      }
      case "JOIN" -> {
        if (isMe(nick)) {
          joined(m.param(0));
        } else {
          userJoined(nick, m.param(0));
        }
      }
      case "PART" -> {
        if (isMe(nick)) {
          left(m.param(0));
        } else {
          userLeft(nick, m.param(0));
        }
      }
      case "QUIT" -> userQuit(nick, m.param(0));
      case "KICK" -> {
        if (isMe(m.param(1))) {
          kickedFrom(m.param(0), nick, m.param(2));
        } else {
          userKicked(m.param(1), m.param(0), nick, m.param(2));
        }
      }
      case "TOPIC" -> topicUpdated(nick, m.param(0), m.param(1));
      case "332" -> topicUpdated(nick, m.param(1), m.param(2));
      case "PRIVMSG" -> privmsgOrCtcp(user, m.param(0), m.param(1));
      case "NOTICE" -> {
        if (CTCP.isCTCP(m.param(1))) {
          ctcpReplyReceived(user, m.param(0), CTCP.command(m.param(1)), CTCP.argument(m.param(1)));
        } else {
          noticed(user, m.param(0), m.param(1));
        }
      }
      case "INVITE" -> invited(nick, m.param(1));
      case "CAP" -> cap(m);
      case "AUTHENTICATE" -> {
        if (m.param(0).equals("+")) {
          authenticatePlain();
        }
      }
      case "903" -> capEnd();
      case "902", "904", "905", "906", "908" -> {
        if (m.command().equals("904") || m.command().equals("905")) {
          saslFailed(m.param(m.params().size() - 1));
        }
        if (!m.command().equals("908")) {
          capEnd();
        }
      }
      default -> { }
    }
  }

  private void privmsgOrCtcp(String user, String channel, String message) {
    if (!CTCP.isCTCP(message)) {
      privmsg(user, channel, message);
      return;
    }
    String cmd = CTCP.command(message);
    String arg = CTCP.argument(message);
    switch (cmd) {
      case "ACTION" -> action(user, channel, arg);
      case "VERSION" -> {
        if (versionName != null) {
          ctcpMakeReply(nick(user), "VERSION",
              versionName + ":" + versionNum + ":" + versionEnv);
        }
      }
      case "PING" -> ctcpMakeReply(nick(user), "PING", arg);
      case "TIME" -> ctcpMakeReply(nick(user), "TIME",
          java.time.ZonedDateTime.now().format(java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME));
      default -> ctcpUnknownQuery(user, channel, cmd, arg);
    }
  }

  /*
   * IRCv3 CAP and SASL PLAIN, only when saslUsername is set:
   *   -> CAP LS 302   <- CAP * LS [*] :caps (several lines when "*")   -> CAP REQ :sasl
   *   <- CAP * ACK :sasl   -> AUTHENTICATE PLAIN   <- AUTHENTICATE +   -> AUTHENTICATE base64...
   *   <- 903 (or 904)   -> CAP END
   */
  private void cap(IRCMessage m) {
    String sub = m.param(1);
    if (sub.equals("LS")) {
      boolean more = m.params().size() > 3 && m.param(2).equals("*");
      capList.append(' ').append(m.param(m.params().size() - 1));
      if (more) {
        return;
      }
      boolean sasl = false;
      for (String cap : capList.toString().trim().split(" +")) {
        sasl |= cap.equals("sasl") || (cap.startsWith("sasl=") && cap.substring(5).contains("PLAIN"));
      }
      capList.setLength(0);
      if (sasl) {
        sendMessage("CAP", "REQ", "sasl");
      } else {
        saslFailed("the server offers no SASL PLAIN");
        capEnd();
      }
    } else if (sub.equals("ACK") && m.param(2).trim().equals("sasl")) {
      sendMessage("AUTHENTICATE", "PLAIN");
    } else if (sub.equals("NAK")) {
      saslFailed("the server refused the sasl capability");
      capEnd();
    }
  }

  private void authenticatePlain() {
    byte[] raw = ("\0" + saslUsername + "\0" + (saslPassword == null ? "" : saslPassword))
        .getBytes(StandardCharsets.UTF_8);
    String b64 = Base64.getEncoder().encodeToString(raw);
    // IRCv3 SASL: pieces of 400 bytes; a payload of exactly 400n bytes ends with "+".
    for (int i = 0; i < b64.length(); i += 400) {
      sendMessage("AUTHENTICATE", b64.substring(i, Math.min(b64.length(), i + 400)));
    }
    if (b64.length() % 400 == 0) {
      sendMessage("AUTHENTICATE", "+");
    }
  }

  private void capEnd() {
    if (!capDone) {
      capDone = true;
      sendMessage("CAP", "END");
    }
  }

  private boolean isMe(String nick) {
    return nick != null && CaseMapping.RFC1459.equals(nick, nickname);
  }

  /** The nick part of a {@code nick!user@host}. */
  public static String nick(String user) {
    int bang = user.indexOf('!');
    return bang < 0 ? user : user.substring(0, bang);
  }

  // ---- commands (Twisted's names) ----

  /** Joins {@code channel} ("#" is added when missing). */
  public void join(String channel) {
    sendMessage("JOIN", channelName(channel));
  }

  /** Joins a channel that has a key (+k). */
  public void join(String channel, String key) {
    sendMessage("JOIN", channelName(channel), key);
  }

  /** Leaves {@code channel} (IRC's PART). */
  public void leave(String channel) {
    sendMessage("PART", channelName(channel));
  }

  public void leave(String channel, String reason) {
    sendMessage("PART", channelName(channel), reason);
  }

  /** Alias of {@link #leave}, as Twisted has it. */
  public void part(String channel) {
    leave(channel);
  }

  public void kick(String channel, String user, String reason) {
    sendMessage("KICK", channelName(channel), user, reason);
  }

  public void invite(String user, String channel) {
    sendMessage("INVITE", user, channelName(channel));
  }

  /** Sets the topic of {@code channel} (or asks for it, when {@code topic} is null). */
  public void topic(String channel, String topic) {
    if (topic == null) {
      sendMessage("TOPIC", channelName(channel));
    } else {
      sendMessage("TOPIC", channelName(channel), topic);
    }
  }

  /** Sets ({@code set}) or clears {@code modes} on a channel or user, with their arguments. */
  public void mode(String target, boolean set, String modes, String... args) {
    List<String> p = new ArrayList<>();
    p.add(target);
    p.add((set ? "+" : "-") + modes);
    p.addAll(List.of(args));
    sendMessage("MODE", p.toArray(new String[0]));
  }

  /** Says {@code message} in a channel: {@link #msg} to it. */
  public void say(String channel, String message) {
    msg(channelName(channel), message);
  }

  /**
   * Sends {@code message} to a user or channel, as several PRIVMSGs when it has newlines or is
   * too long for one line once the server adds our prefix (split at spaces where it can).
   */
  public void msg(String user, String message) {
    for (String piece : MessageSplitter.split(message, maxTextBytes("PRIVMSG", user))) {
      sendMessage("PRIVMSG", user, piece);
    }
  }

  /** As {@link #msg}, each piece at most {@code length} bytes of text. */
  public void msg(String user, String message, int length) {
    for (String piece : MessageSplitter.split(message, Math.min(length, maxTextBytes("PRIVMSG", user)))) {
      sendMessage("PRIVMSG", user, piece);
    }
  }

  /** Sends a NOTICE (which bots must never answer automatically: RFC 2812 3.3.2). */
  public void notice(String user, String message) {
    for (String piece : MessageSplitter.split(message, maxTextBytes("NOTICE", user))) {
      sendMessage("NOTICE", user, piece);
    }
  }

  /** A CTCP ACTION: "/me waves" is {@code describe(channel, "waves")}. */
  public void describe(String channel, String action) {
    sendMessage("PRIVMSG", channel, CTCP.quote("ACTION", action));
  }

  /** Sends a CTCP query ({@code VERSION}, {@code PING 123}...). */
  public void ctcpMakeQuery(String user, String command, String argument) {
    sendMessage("PRIVMSG", user, CTCP.quote(command, argument));
  }

  /** Answers a CTCP query, in a NOTICE. */
  public void ctcpMakeReply(String user, String command, String argument) {
    sendMessage("NOTICE", user, CTCP.quote(command, argument));
  }

  /** Asks for another nick. */
  public void setNick(String nick) {
    attemptedNick = nick;
    sendMessage("NICK", nick);
  }

  public void away(String message) {
    sendMessage("AWAY", message);
  }

  public void back() {
    sendMessage("AWAY");
  }

  public void whois(String nick) {
    sendMessage("WHOIS", nick);
  }

  /** Says goodbye and lets the server close the connection. */
  public void quit(String message) {
    sendMessage("QUIT", message);
  }

  /** The name the server gave in its welcome, or null before it. */
  public String serverName() {
    return serverName;
  }

  /** True once the server has welcomed us (and until the connection is lost). */
  public boolean isSignedOn() {
    return signedOn;
  }

  private static String channelName(String channel) {
    return channel.startsWith("#") || channel.startsWith("&") ? channel : "#" + channel;
  }

  /** The text room left in a line of {@code command target :} under the prefix the server adds. */
  private int maxTextBytes(String command, String target) {
    // ":nick!user@host " (a host of up to 63 bytes) is prepended by the server when it relays.
    int prefix = 1 + nickname.length() + 1 + 10 + 1 + 63 + 1;
    int fixed = command.length() + 1 + target.getBytes(StandardCharsets.UTF_8).length + 2;
    return Math.max(16, 510 - prefix - fixed);
  }

  // ---- callbacks (Twisted's names); all do nothing by default ----

  /** The server has welcomed us (001): join channels here. */
  protected void signedOn() {}

  /** We joined {@code channel}. */
  protected void joined(String channel) {}

  /** We left {@code channel}. */
  protected void left(String channel) {}

  /** {@code kicker} kicked us out of {@code channel}. */
  protected void kickedFrom(String channel, String kicker, String message) {}

  /** A message: {@code channel} is the channel or our own nick (a private message). */
  protected void privmsg(String user, String channel, String message) {}

  /** A CTCP ACTION ("/me"). */
  protected void action(String user, String channel, String data) {}

  /** A NOTICE. */
  protected void noticed(String user, String channel, String message) {}

  protected void userJoined(String user, String channel) {}

  protected void userLeft(String user, String channel) {}

  protected void userQuit(String user, String quitMessage) {}

  protected void userKicked(String kickee, String channel, String kicker, String message) {}

  protected void userRenamed(String oldname, String newname) {}

  /** The topic of {@code channel} is (or was changed to) {@code newTopic}. */
  protected void topicUpdated(String user, String channel, String newTopic) {}

  /** Our nick changed (after {@link #setNick}, or a collision). */
  protected void nickChanged(String nick) {}

  /** {@code inviter} invites us to {@code channel}. */
  protected void invited(String inviter, String channel) {}

  /** A CTCP reply (in a NOTICE), such as the answer to our VERSION query. */
  protected void ctcpReplyReceived(String user, String channel, String command, String argument) {}

  /** A CTCP query this client does not answer by itself. */
  protected void ctcpUnknownQuery(String user, String channel, String command, String argument) {}

  /** SASL did not log us in; registration goes on without it. */
  protected void saslFailed(String reason) {}

  /**
   * The nick to try when {@code nickname} is taken while signing on: Twisted's rule, an
   * underscore added.
   */
  protected String alterCollidedNick(String nickname) {
    return nickname + "_";
  }
}
