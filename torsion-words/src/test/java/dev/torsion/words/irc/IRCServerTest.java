package dev.torsion.words.irc;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.InMemoryUsers;
import dev.torsion.internet.task.Clock;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server on StringTransports and a Clock: registration, channels, messages, limits. */
class IRCServerTest {
  final Clock clock = new Clock();
  /** Flood control off, but in the tests that are about it: they send faster than any human. */
  IRCServerFactory factory = new IRCServerFactory(
      IRCServerOptions.builder("irc.test").motd(List.of("hello")).flood(0, 0, 0).build(), clock);

  void withFloodControl() {
    factory = new IRCServerFactory(IRCServerOptions.builder("irc.test").build(), clock);
  }

  FakeIRCClient client() {
    return new FakeIRCClient(factory);
  }

  @Test
  void registrationSendsWelcomeIsupportAndMotd() {
    FakeIRCClient a = client().send("NICK alice", "USER alice 0 * :Alice A");

    List<String> lines = a.lines();
    assertThat(lines.get(0)).isEqualTo(
        ":irc.test 001 alice :Welcome to the Torsion Internet Relay Chat Network alice!alice@127.0.0.1");
    assertThat(lines).anyMatch(l -> l.startsWith(":irc.test 005 alice ") && l.contains("CASEMAPPING=rfc1459"));
    assertThat(lines).contains(":irc.test 372 alice :- hello", ":irc.test 376 alice :End of MOTD command");
  }

  @Test
  void commandsBeforeRegistrationGet451() {
    FakeIRCClient a = client().send("JOIN #a", "PRIVMSG x :y");

    assertThat(a.codes()).containsExactly("451", "451");
  }

  @Test
  void aNickInUseGets433EvenInAnotherCase() {
    client().register("Alice[1]");
    FakeIRCClient b = client().send("NICK alice{1}");

    assertThat(b.lines()).containsExactly(":irc.test 433 * alice{1} :Nickname is already in use");
  }

  @Test
  void badAndOverlongNicksGet432AndAMissingOneGets431() {
    FakeIRCClient a = client().send("NICK 1abc", "NICK " + "n".repeat(31), "NICK");

    assertThat(a.codes()).containsExactly("432", "432", "431");
  }

  @Test
  void missingParametersGet461() {
    FakeIRCClient a = client().register("alice");
    a.send("JOIN", "PART", "TOPIC", "KICK #a", "INVITE bob", "ISON", "MODE");

    assertThat(a.codes()).containsOnly("461").hasSize(7);
  }

  @Test
  void unknownCommandsGet421() {
    FakeIRCClient a = client().register("alice");
    a.send("FROB x");

    assertThat(a.lines()).containsExactly(":irc.test 421 alice FROB :Unknown command");
  }

  @Test
  void joinTellsEveryMemberAndSendsNamesWithTheCreatorAsOperator() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN :#Room");
    a.lines();
    b.send("JOIN #room");

    assertThat(a.lines()).containsExactly(":bob!bob@127.0.0.1 JOIN :#Room");
    assertThat(b.lines()).containsExactly(":bob!bob@127.0.0.1 JOIN :#Room",
        ":irc.test 353 bob = #Room :@alice bob", ":irc.test 366 bob #Room :End of /NAMES list");
  }

  @Test
  void privmsgGoesToTheOtherMembersAndToUsers() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("JOIN #a");
    a.lines();
    b.lines();

    a.send("PRIVMSG #a :hello all", "PRIVMSG Bob :hi bob");

    assertThat(a.lines()).isEmpty();
    assertThat(b.lines()).containsExactly(":alice!alice@127.0.0.1 PRIVMSG #a :hello all",
        ":alice!alice@127.0.0.1 PRIVMSG bob :hi bob");
  }

  @Test
  void messagesToNobodyGet401AndNoTextGets412AndNoTargetGets411() {
    FakeIRCClient a = client().register("alice");
    a.send("PRIVMSG ghost :x", "PRIVMSG #nowhere :x", "PRIVMSG alice", "PRIVMSG");

    assertThat(a.codes()).containsExactly("401", "401", "412", "411");
  }

  @Test
  void noticesNeverGetErrorReplies() {
    FakeIRCClient a = client().register("alice");
    a.send("NOTICE ghost :x", "NOTICE #nowhere :x");

    assertThat(a.lines()).isEmpty();
  }

  @Test
  void noExternalMessagesAndModeratedChannelsGet404() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("PRIVMSG #a :from outside");
    assertThat(b.codes()).containsExactly("404");

    b.send("JOIN #a");
    a.send("MODE #a +m");
    b.lines();
    b.send("PRIVMSG #a :muted");
    assertThat(b.codes()).containsExactly("404");

    a.send("MODE #a +v bob");
    b.lines();
    a.lines();
    b.send("PRIVMSG #a :voiced");
    assertThat(a.lines()).containsExactly(":bob!bob@127.0.0.1 PRIVMSG #a :voiced");
  }

  @Test
  void partOfAChannelOneIsNotOnGets442AndOfNoChannel403() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("PART #a", "PART #none");

    assertThat(b.codes()).containsExactly("442", "403");
  }

  @Test
  void partAndQuitAreBroadcastToChannelPeers() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a,#b");
    b.send("JOIN #a,#b");
    a.lines();
    b.send("PART #a :bye", "QUIT :gone home");

    assertThat(a.lines()).containsExactly(":bob!bob@127.0.0.1 PART #a :bye",
        ":bob!bob@127.0.0.1 QUIT :Quit: gone home");
    assertThat(b.lines()).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Quit: gone home)");
    assertThat(b.closed()).isTrue();
    assertThat(factory.userCount()).isEqualTo(1);
  }

  @Test
  void aDroppedConnectionIsAQuitToo() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("JOIN #a");
    a.lines();

    b.transport.loseConnection();

    assertThat(a.lines()).containsExactly(":bob!bob@127.0.0.1 QUIT :Connection closed");
    assertThat(factory.userCount()).isEqualTo(1);
  }

  @Test
  void topicNeedsOpsUnderPlusTAndIsShownOnJoin() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("JOIN #a");
    b.lines();
    b.send("TOPIC #a :mine");
    assertThat(b.codes()).containsExactly("482");

    a.send("TOPIC #a :the topic");
    assertThat(b.lines()).containsExactly(":alice!alice@127.0.0.1 TOPIC #a :the topic");
    FakeIRCClient c = client().register("carol");
    c.send("JOIN #a");
    assertThat(c.codes()).containsExactly("JOIN", "332", "333", "353", "366");
    c.send("TOPIC #a");
    assertThat(c.lines().get(0)).isEqualTo(":irc.test 332 carol #a :the topic");
  }

  @Test
  void keysLimitsAndInvitationsGuardJoins() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #k,#l,#i");
    a.send("MODE #k +k sesame", "MODE #l +l 1", "MODE #i +i");
    a.lines();

    b.send("JOIN #k", "JOIN #k wrong", "JOIN #l", "JOIN #i");
    assertThat(b.codes()).containsExactly("475", "475", "471", "473");

    b.send("JOIN #k sesame");
    assertThat(b.codes()).startsWith("JOIN");
    a.lines();
    a.send("INVITE bob #i");
    assertThat(a.lines()).containsExactly(":irc.test 341 alice bob :#i");
    assertThat(b.lines()).containsExactly(":alice!alice@127.0.0.1 INVITE bob :#i");
    b.send("JOIN #i");
    assertThat(b.codes()).startsWith("JOIN");
  }

  @Test
  void joinWithSeveralChannelsAndKeys() {
    FakeIRCClient a = client().register("alice");
    a.send("JOIN #x,#y", "MODE #x +k kx", "MODE #y +k ky");
    FakeIRCClient b = client().register("bob");

    b.send("JOIN #x,#y kx,ky");

    assertThat(b.codes()).containsExactly("JOIN", "353", "366", "JOIN", "353", "366");
  }

  @Test
  void modeChangesNeedOpsAndAreBroadcast() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("JOIN #a");
    a.lines();
    b.lines();

    b.send("MODE #a +t");
    assertThat(b.codes()).containsExactly("482");
    a.send("MODE #a +ov-t bob bob");
    a.lines();
    assertThat(b.lines()).containsExactly(":alice!alice@127.0.0.1 MODE #a +ov-t bob :bob");
    a.send("MODE #a");
    assertThat(a.lines()).containsExactly(":irc.test 324 alice #a :+n");
    a.send("MODE #a +z");
    assertThat(a.codes()).containsExactly("472");
    a.send("MODE #a +o ghost");
    assertThat(a.codes()).containsExactly("401");
  }

  @Test
  void userModeInvisibleAndOthersModesRefused() {
    FakeIRCClient a = client().register("alice");
    client().register("bob");
    a.send("MODE alice :+i", "MODE alice", "MODE bob +i", "MODE alice +x");

    assertThat(a.lines()).containsExactly(":alice!alice@127.0.0.1 MODE alice :+i",
        ":irc.test 221 alice :+i", ":irc.test 502 alice :Cannot change mode for other users",
        ":irc.test 501 alice :Unknown MODE flag");
  }

  @Test
  void kickRemovesTheVictimAndNeedsOps() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("JOIN #a");
    b.lines();
    b.send("KICK #a alice");
    assertThat(b.codes()).containsExactly("482");

    a.send("KICK #a bob :out");
    assertThat(b.lines()).containsExactly(":alice!alice@127.0.0.1 KICK #a bob :out");
    a.send("KICK #a bob");
    assertThat(a.lines()).last().asString().contains(" 441 ");
  }

  @Test
  void whoWhoisIsonAndAway() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    b.send("JOIN #a", "AWAY :lunch");
    assertThat(b.lines()).last().isEqualTo(":irc.test 306 bob :You have been marked as being away");

    a.send("WHO #a");
    assertThat(a.lines()).containsExactly(
        ":irc.test 352 alice #a bob 127.0.0.1 irc.test bob G@ :0 bob the tester",
        ":irc.test 315 alice #a :End of WHO list");
    a.send("WHOIS bob");
    assertThat(a.codes()).containsExactly("311", "319", "312", "301", "317", "318");
    a.send("ISON bob ghost ALICE");
    assertThat(a.lines()).containsExactly(":irc.test 303 alice :bob alice");
    a.send("PRIVMSG bob :hi");
    assertThat(a.lines()).containsExactly(":irc.test 301 alice bob :lunch");
    a.send("WHOIS ghost");
    assertThat(a.codes()).containsExactly("401", "318");
  }

  @Test
  void listAndNames() {
    FakeIRCClient a = client().register("alice");
    a.send("JOIN #a", "TOPIC #a :t");
    a.lines();

    a.send("LIST");
    assertThat(a.lines()).containsExactly(":irc.test 321 alice Channel :Users  Name",
        ":irc.test 322 alice #a 1 :t", ":irc.test 323 alice :End of /LIST");
    a.send("NAMES #a");
    assertThat(a.codes()).containsExactly("353", "366");
  }

  @Test
  void nickChangesAreSeenByChannelPeers() {
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    a.send("JOIN #a");
    b.send("JOIN #a");
    a.lines();
    b.lines();

    b.send("NICK robert");

    assertThat(a.lines()).containsExactly(":bob!bob@127.0.0.1 NICK :robert");
    assertThat(b.lines()).containsExactly(":bob!bob@127.0.0.1 NICK :robert");
    client().register("bob"); // the old nick is free again
  }

  @Test
  void pingIsAnsweredWithPong() {
    FakeIRCClient a = client().register("alice");
    a.send("PING :token 1", "PING");

    assertThat(a.lines()).containsExactly(":irc.test PONG irc.test :token 1",
        ":irc.test 409 alice :No origin specified");
  }

  @Test
  void anIdleClientIsPingedThenDroppedOnThePingTimeout() {
    FakeIRCClient a = client().register("alice");
    clock.advance(119);
    assertThat(a.lines()).isEmpty();
    clock.advance(1);
    assertThat(a.lines()).containsExactly("PING :irc.test");
    clock.advance(59);
    a.send("PONG :irc.test");
    clock.advance(119);
    assertThat(a.closed()).isFalse();
    clock.advance(1);
    clock.advance(60);

    assertThat(a.lines()).containsExactly("PING :irc.test",
        "ERROR :Closing Link: 127.0.0.1 (Ping timeout: 180 seconds)");
    assertThat(a.closed()).isTrue();
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void aClientThatNeverRegistersIsDroppedAfterTheRegistrationTimeout() {
    FakeIRCClient a = client().send("NICK alice");
    clock.advance(60);

    assertThat(a.lines()).containsExactly("ERROR :Closing Link: 127.0.0.1 (Registration timed out)");
    assertThat(a.closed()).isTrue();
    client().register("alice"); // released
  }

  @Test
  void aTooLongLineGets417AndTheConnectionGoesOn() {
    FakeIRCClient a = client().register("alice");
    a.send("PRIVMSG alice :" + "x".repeat(600));
    a.sendBytes("y".repeat(100_000).getBytes(StandardCharsets.US_ASCII));
    a.send("", "PING :still here");

    assertThat(a.lines()).containsExactly(":irc.test 417 alice :Input line was too long",
        ":irc.test 417 alice :Input line was too long", ":irc.test PONG irc.test :still here");
  }

  @Test
  void linesWithNulBytesAreIgnored() {
    FakeIRCClient a = client().register("alice");
    a.sendBytes("PRIVMSG alice :a\0b\r\nPING :ok\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(a.lines()).containsExactly(":irc.test PONG irc.test :ok");
  }

  @Test
  void aBurstIsQueuedByPenaltyNotDropped() {
    withFloodControl();
    FakeIRCClient a = client().register("alice");
    FakeIRCClient b = client().register("bob");
    b.lines();
    StringBuilder burst = new StringBuilder();
    for (int i = 0; i < 20; i++) {
      burst.append("PRIVMSG bob :").append(i).append("\r\n");
    }
    a.sendBytes(burst.toString().getBytes(StandardCharsets.US_ASCII));

    int first = b.lines().size();
    assertThat(first).isEqualTo(4); // NICK and USER cost 4 of the 10 seconds of burst
    clock.advance(2);
    assertThat(b.lines()).hasSize(1);
    clock.pump(2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2, 2);
    assertThat(first + 1 + b.lines().size()).isEqualTo(20);
    assertThat(a.closed()).isFalse();
  }

  @Test
  void aFloodBeyondTheQueueIsDroppedAsExcessFlood() {
    withFloodControl();
    FakeIRCClient a = client().register("alice");
    StringBuilder flood = new StringBuilder();
    for (int i = 0; i < 200; i++) {
      flood.append("PING :").append(i).append("\r\n");
    }
    a.sendBytes(flood.toString().getBytes(StandardCharsets.US_ASCII));

    assertThat(a.lines()).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Excess Flood)");
    assertThat(a.closed()).isTrue();
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void theChannelsPerUserLimitGives405() {
    factory = new IRCServerFactory(
        IRCServerOptions.builder("irc.test").maxChannelsPerUser(2).flood(0, 0, 0).build(), clock);
    FakeIRCClient a = client().register("alice");
    a.send("JOIN #1,#2,#3");

    assertThat(a.codes()).containsExactly("JOIN", "353", "366", "JOIN", "353", "366", "405");
  }

  @Test
  void capLsSuspendsRegistrationUntilCapEnd() {
    FakeIRCClient a = client().send("CAP LS 302", "NICK alice", "USER a 0 * :A");
    assertThat(a.lines()).containsExactly(":irc.test CAP * LS :multi-prefix");
    a.send("CAP REQ :multi-prefix", "CAP REQ :nonsense");
    assertThat(a.lines()).containsExactly(":irc.test CAP alice ACK :multi-prefix",
        ":irc.test CAP alice NAK :nonsense");

    a.send("CAP END");
    assertThat(a.codes()).startsWith("001");
  }

  @Test
  void withUsersAPasswordIsNeededAndChecked() {
    factory = new IRCServerFactory(IRCServerOptions.builder("irc.test")
        .users(new InMemoryUsers().addUser("alice", "secret")).flood(0, 0, 0).build(), clock);

    FakeIRCClient none = client().send("NICK alice", "USER a 0 * :A");
    assertThat(none.codes()).containsExactly("464", "ERROR");
    FakeIRCClient wrong = client().send("PASS nope", "NICK alice", "USER a 0 * :A");
    assertThat(wrong.codes()).containsExactly("464", "ERROR");
    assertThat(wrong.closed()).isTrue();
    FakeIRCClient right = client().send("PASS secret", "NICK alice", "USER a 0 * :A");
    assertThat(right.codes()).startsWith("001");
  }

  @Test
  void saslPlainLogsIn() {
    factory = new IRCServerFactory(IRCServerOptions.builder("irc.test")
        .users(new InMemoryUsers().addUser("alice", "secret")).flood(0, 0, 0).build(), clock);
    FakeIRCClient a = client().send("CAP LS 302", "NICK bot", "USER a 0 * :A", "CAP REQ :sasl");
    assertThat(a.lines()).contains(":irc.test CAP * LS :multi-prefix sasl=PLAIN");

    a.send("AUTHENTICATE PLAIN");
    assertThat(a.lines()).containsExactly("AUTHENTICATE +");
    a.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
        "\0alice\0secret".getBytes(StandardCharsets.UTF_8)));
    assertThat(a.codes()).containsExactly("900", "903");
    a.send("CAP END");
    assertThat(a.codes()).startsWith("001");
  }

  @Test
  void saslWithAWrongPasswordFailsWith904() {
    factory = new IRCServerFactory(IRCServerOptions.builder("irc.test")
        .users(new InMemoryUsers().addUser("alice", "secret")).flood(0, 0, 0).build(), clock);
    FakeIRCClient a = client().send("CAP REQ :sasl", "AUTHENTICATE PLAIN");
    a.lines();

    a.send("AUTHENTICATE " + Base64.getEncoder().encodeToString(
        "alice\0alice\0wrong".getBytes(StandardCharsets.UTF_8)), "AUTHENTICATE PLAIN", "AUTHENTICATE *");
    assertThat(a.codes()).containsExactly("904", "AUTHENTICATE", "906");
  }

  @Test
  void outgoingLinesNeverPassTheLimit() {
    FakeIRCClient a = client().register("a".repeat(30));
    FakeIRCClient b = client().register("bob");
    String text = "\u00e9".repeat(240); // 480 bytes, and the prefix makes the relayed line longer
    a.send("PRIVMSG bob :" + text);

    String got = b.lines().get(0);
    assertThat(got.getBytes(StandardCharsets.UTF_8).length).isLessThanOrEqualTo(510);
    assertThat(got).endsWith("\u00e9");
  }
}
