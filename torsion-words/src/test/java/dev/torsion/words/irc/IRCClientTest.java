package dev.torsion.words.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The bot client on a StringTransport: what it sends, and which callbacks the server's lines fire. */
class IRCClientTest {
  final List<String> events = new ArrayList<>();
  final StringTransport transport = new StringTransport();

  final class Bot extends IRCClient {
    Bot() {
      nickname = "bot";
    }

    @Override protected void signedOn() {
      events.add("signedOn " + nickname);
    }

    @Override protected void joined(String channel) {
      events.add("joined " + channel);
    }

    @Override protected void left(String channel) {
      events.add("left " + channel);
    }

    @Override protected void privmsg(String user, String channel, String message) {
      events.add("privmsg " + user + " " + channel + " " + message);
    }

    @Override protected void action(String user, String channel, String data) {
      events.add("action " + user + " " + channel + " " + data);
    }

    @Override protected void noticed(String user, String channel, String message) {
      events.add("noticed " + user + " " + channel + " " + message);
    }

    @Override protected void userJoined(String user, String channel) {
      events.add("userJoined " + user + " " + channel);
    }

    @Override protected void userLeft(String user, String channel) {
      events.add("userLeft " + user + " " + channel);
    }

    @Override protected void userQuit(String user, String quitMessage) {
      events.add("userQuit " + user + " " + quitMessage);
    }

    @Override protected void userKicked(String kickee, String channel, String kicker, String m) {
      events.add("userKicked " + kickee + " " + channel + " " + kicker + " " + m);
    }

    @Override protected void kickedFrom(String channel, String kicker, String message) {
      events.add("kickedFrom " + channel + " " + kicker + " " + message);
    }

    @Override protected void topicUpdated(String user, String channel, String newTopic) {
      events.add("topicUpdated " + user + " " + channel + " " + newTopic);
    }

    @Override protected void nickChanged(String nick) {
      events.add("nickChanged " + nick);
    }

    @Override protected void userRenamed(String oldname, String newname) {
      events.add("userRenamed " + oldname + " " + newname);
    }

    @Override protected void saslFailed(String reason) {
      events.add("saslFailed " + reason);
    }
  }

  Bot bot = new Bot();

  void connect() {
    bot.makeConnection(transport);
  }

  void server(String... lines) {
    for (String l : lines) {
      bot.dataReceived((l + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
  }

  List<String> sent() {
    List<String> out = new ArrayList<>(List.of(transport.valueString().split("\r\n")));
    out.removeIf(String::isEmpty);
    transport.clear();
    return out;
  }

  @Test
  void signsOnWithNickAndUserAndCallsSignedOnAtTheWelcome() {
    bot.password = "pw";
    connect();
    assertThat(sent()).containsExactly("PASS pw", "NICK bot", "USER bot 0 * :Torsion IRC bot");

    server(":irc.test 001 bot :Welcome");
    assertThat(events).containsExactly("signedOn bot");
    assertThat(bot.serverName()).isEqualTo("irc.test");
  }

  @Test
  void aCollidingNickGetsAnUnderscoreUntilOneIsFree() {
    connect();
    sent();
    server(":irc.test 433 * bot :Nickname is already in use",
        ":irc.test 433 * bot_ :Nickname is already in use", ":irc.test 001 bot__ :Welcome");

    assertThat(sent()).containsExactly("NICK bot_", "NICK bot__");
    assertThat(events).containsExactly("signedOn bot__");
  }

  @Test
  void answersServerPings() {
    connect();
    sent();
    server("PING :irc.test");

    assertThat(sent()).containsExactly("PONG irc.test");
  }

  @Test
  void channelEventsReachTheirCallbacks() {
    connect();
    server(":irc.test 001 bot :hi",
        ":bot!b@h JOIN #c", ":irc.test 332 bot #c :the topic", ":alice!a@h JOIN :#c",
        ":alice!a@h PRIVMSG #c :hello", ":alice!a@h PRIVMSG bot :psst",
        ":alice!a@h PRIVMSG #c :\u0001ACTION waves\u0001", ":alice!a@h NOTICE #c :note",
        ":alice!a@h TOPIC #c :new topic", ":alice!a@h NICK :alicia",
        ":alicia!a@h KICK #c carol :bye", ":alicia!a@h PART #c", ":dave!d@h QUIT :gone",
        ":bot!b@h NICK bot2", ":x!x@h KICK #c bot2 :out", ":bot2!b@h PART #d");

    assertThat(events).containsExactly("signedOn bot", "joined #c",
        "topicUpdated irc.test #c the topic", "userJoined alice #c",
        "privmsg alice!a@h #c hello", "privmsg alice!a@h bot psst", "action alice!a@h #c waves",
        "noticed alice!a@h #c note", "topicUpdated alice #c new topic",
        "userRenamed alice alicia", "userKicked carol #c alicia bye", "userLeft alicia #c",
        "userQuit dave gone", "nickChanged bot2", "kickedFrom #c x out", "left #d");
  }

  @Test
  void answersCtcpVersionPingAndTimeInNotices() {
    connect();
    server(":irc.test 001 bot :hi");
    sent();
    server(":alice!a@h PRIVMSG bot :\u0001VERSION\u0001", ":alice!a@h PRIVMSG bot :\u0001PING 12345\u0001",
        ":alice!a@h PRIVMSG bot :\u0001TIME\u0001");

    List<String> out = sent();
    assertThat(out.get(0)).isEqualTo("NOTICE alice :\u0001VERSION Torsion words:0.1:Java\u0001");
    assertThat(out.get(1)).isEqualTo("NOTICE alice :\u0001PING 12345\u0001");
    assertThat(out.get(2)).startsWith("NOTICE alice :\u0001TIME ").endsWith("\u0001");
    assertThat(events).containsExactly("signedOn bot");
  }

  @Test
  void commandsUseTwistedsNames() {
    connect();
    sent();
    bot.join("torsion");
    bot.join("#locked", "key");
    bot.leave("#torsion", "later");
    bot.describe("#c", "waves");
    bot.notice("alice", "n");
    bot.setNick("other");
    bot.topic("#c", "t t");
    bot.mode("#c", true, "o", "alice");
    bot.kick("#c", "bob", "bye");
    bot.quit("done");

    assertThat(sent()).containsExactly("JOIN #torsion", "JOIN #locked key", "PART #torsion later",
        "PRIVMSG #c :\u0001ACTION waves\u0001", "NOTICE alice n", "NICK other", "TOPIC #c :t t",
        "MODE #c +o alice", "KICK #c bob bye", "QUIT done");
  }

  @Test
  void msgSplitsNewlinesAndLongTextAtSpacesWithinTheLineLimit() {
    connect();
    sent();
    String words = "word ".repeat(200).trim();
    bot.msg("#c", "first\nsecond\r\n\n" + words);

    List<String> out = sent();
    assertThat(out.get(0)).isEqualTo("PRIVMSG #c first");
    assertThat(out.get(1)).isEqualTo("PRIVMSG #c second");
    StringBuilder joined = new StringBuilder();
    for (String line : out.subList(2, out.size())) {
      String relayed = ":bot!" + "u".repeat(10) + "@" + "h".repeat(63) + " " + line;
      assertThat(relayed.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(510);
      String text = IRCMessage.parse(line).param(1);
      assertThat(text).doesNotStartWith(" ").endsWith("word");
      joined.append(joined.length() == 0 ? "" : " ").append(text);
    }
    assertThat(out.size()).isGreaterThan(3);
    assertThat(joined.toString()).isEqualTo(words);
  }

  @Test
  void msgNeverSplitsAUtf8Character() {
    connect();
    sent();
    bot.msg("#c", "\u00e9".repeat(500), 101);

    for (String line : sent()) {
      String text = IRCMessage.parse(line).param(1);
      assertThat(text.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(101);
      assertThat(text).matches("\u00e9+");
    }
  }

  @Test
  void saslPlainRunsBeforeCapEnd() {
    bot.saslUsername = "alice";
    bot.saslPassword = "secret";
    connect();
    assertThat(sent()).containsExactly("CAP LS 302", "NICK bot", "USER bot 0 * :Torsion IRC bot");

    server(":irc.test CAP * LS * :multi-prefix", ":irc.test CAP * LS :sasl=PLAIN,EXTERNAL");
    assertThat(sent()).containsExactly("CAP REQ sasl");
    server(":irc.test CAP * ACK :sasl");
    assertThat(sent()).containsExactly("AUTHENTICATE PLAIN");
    server("AUTHENTICATE +");
    assertThat(sent()).containsExactly("AUTHENTICATE "
        + Base64.getEncoder().encodeToString("\0alice\0secret".getBytes(StandardCharsets.UTF_8)));
    server(":irc.test 900 bot bot!b@h alice :You are now logged in", ":irc.test 903 bot :ok");
    assertThat(sent()).containsExactly("CAP END");
  }

  @Test
  void aServerWithoutSaslEndsCapAndSaysSo() {
    bot.saslUsername = "alice";
    connect();
    sent();
    server(":irc.test CAP * LS :multi-prefix");

    assertThat(sent()).containsExactly("CAP END");
    assertThat(events).containsExactly("saslFailed the server offers no SASL PLAIN");
  }
}
