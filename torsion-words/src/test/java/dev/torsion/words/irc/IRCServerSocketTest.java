package dev.torsion.words.irc;

import dev.torsion.trial.ReactorThread;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** The server on a real socket: every numeric error a client can cause, and hostile input. */
class IRCServerSocketTest {
  static ReactorThread real;
  static int port;
  static int floodPort;
  /** Shared by the numeric cases, which change nothing another case depends on. */
  static RawIRCSocket other;
  static RawIRCSocket raw;

  @BeforeAll
  static void start() throws Exception {
    real = new ReactorThread();
    port = real.listenTCP(new IRCServerFactory(IRCServerOptions.builder("irc.test")
        .motd(List.of("m")).maxChannelsPerUser(1).flood(0, 0, 0).build(), real.reactor()));
    floodPort = real.listenTCP(new IRCServerFactory(IRCServerOptions.builder("irc.test")
        .flood(2, 10, 16).build(), real.reactor()));
    other = new RawIRCSocket(port).register("taken");
    raw = new RawIRCSocket(port).register("raw");
    other.send("JOIN #other");
    other.await(" 366 ");
    raw.send("JOIN #one");
    raw.await(" 366 ");
  }

  @AfterAll
  static void stop() throws Exception {
    other.close();
    raw.close();
    real.close();
  }

  @Test
  void commandsBeforeRegistrationGet451() throws Exception {
    try (RawIRCSocket s = new RawIRCSocket(port)) {
      s.send("JOIN #a");
      assertThat(s.await(" 451 ")).isEqualTo(":irc.test 451 * :You have not registered");
    }
  }

  @ParameterizedTest(name = "{0} -> {1}")
  @CsvSource(delimiter = '|', value = {
      "NICK taken| 433", "NICK 9lives| 432", "NICK| 431", "USER again 0 * :x| 462",
      "PRIVMSG ghost :x| 401", "PRIVMSG #nowhere :x| 401", "PRIVMSG| 411", "PRIVMSG taken| 412",
      "JOIN bad| 403", "JOIN| 461", "JOIN #one,#two| 405", "PART #nowhere| 403",
      "PART #other| 442", "PRIVMSG #other :x| 404", "TOPIC #other :t| 442",
      "KICK #other taken| 442", "MODE #other +t| 442", "MODE #one +q| 472",
      "MODE #one +o ghost| 401", "KICK #one ghost| 441", "INVITE taken #one| 341",
      "MODE taken +i| 502", "MODE raw +w| 501", "WHOIS ghost| 401", "WHOIS| 431",
      "PING| 409", "FROB| 421", "CAP FROB| 410", "ISON| 461",
      "INVITE taken #other| 442", "AUTHENTICATE PLAIN| 904"})
  void eachMistakeGetsItsNumeric(String line, String numeric) throws Exception {
    raw.send(line);
    String got = raw.await(" " + numeric + " ");
    assertThat(got).startsWith(":irc.test " + numeric + " raw ");
  }

  @Test
  void aLongLineGets417AndAnEndlessOneIsNotBuffered() throws Exception {
    try (RawIRCSocket s = new RawIRCSocket(port).register("long")) {
      s.send("PRIVMSG long :" + "x".repeat(1000));
      s.await(" 417 ");
      s.sendBytes("y".repeat(2_000_000).getBytes(StandardCharsets.US_ASCII));
      s.send("", "PING :alive");
      assertThat(s.await("PONG")).isEqualTo(":irc.test PONG irc.test :alive");
    }
  }

  @Test
  void nulBytesInALineDropThatLineOnly() throws Exception {
    try (RawIRCSocket s = new RawIRCSocket(port).register("nul")) {
      s.sendBytes("PRIVMSG nul :a\0b\r\n\0\0\0\r\nPING :after\r\n".getBytes(StandardCharsets.US_ASCII));
      assertThat(s.await("PONG")).isEqualTo(":irc.test PONG irc.test :after");
      assertThat(s.seen).noneMatch(l -> l.contains("PRIVMSG"));
    }
  }

  @Test
  void aFloodIsQueuedThenDroppedAsExcessFlood() throws Exception {
    try (RawIRCSocket s = new RawIRCSocket(floodPort)) {
      s.send("NICK flood", "USER f 0 * :f");
      s.await(" 001 ");
      StringBuilder b = new StringBuilder();
      for (int i = 0; i < 500; i++) {
        b.append("PING :").append(i).append("\r\n");
      }
      s.sendBytes(b.toString().getBytes(StandardCharsets.US_ASCII));
      List<String> rest = s.readToEnd();
      assertThat(rest).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Excess Flood)");
      assertThat(rest.stream().filter(l -> l.contains("PONG")).count()).isLessThan(10);
    }
  }

  @Test
  void quitClosesTheConnection() throws Exception {
    try (RawIRCSocket s = new RawIRCSocket(port).register("leaver")) {
      s.send("QUIT :done");
      assertThat(s.readToEnd()).last().isEqualTo("ERROR :Closing Link: 127.0.0.1 (Quit: done)");
    }
  }
}
