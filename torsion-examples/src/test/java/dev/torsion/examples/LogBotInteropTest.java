package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.PeerProcess;
import dev.torsion.trial.Peers;
import dev.torsion.trial.ReactorThread;
import dev.torsion.words.irc.IRCServerFactory;
import dev.torsion.words.irc.IRCServerOptions;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Collectors;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/LogBot.java, run as {@code ./torsion run examples/LogBot.java -- ENDPOINT CHANNEL
 * FILE}, on Torsion's IRC server, with Python's {@code irc} library (Debian's python3-irc) as the
 * human in the channel: a real client no one here wrote, against the server, and the bot's log.
 */
class LogBotInteropTest {
  /** Joins, waits for logbot to be in the channel, talks, and prints the bot's answer. */
  private static final String ALICE = String.join("\n",
      "import sys, time, irc.client",
      "port, channel = int(sys.argv[1]), sys.argv[2]",
      "reactor = (getattr(irc.client, 'Reactor', None) or irc.client.IRC)()  # IRC before irc 11",
      "conn = reactor.server().connect('127.0.0.1', port, 'alice')",
      "state = {'sent': False, 'answer': None}",
      "def talk(c):",
      "    if not state['sent']:",
      "        state['sent'] = True",
      "        c.privmsg(channel, 'hello from python irc')",
      "        c.action(channel, 'waves')",
      "        c.privmsg(channel, 'logbot: who are you?')",
      "def welcome(c, e): c.join(channel)",
      "def names(c, e):",
      "    if 'logbot' in [n.lstrip('@+') for n in e.arguments[2].split()]: talk(c)",
      "def joined(c, e):",
      "    if e.source.nick == 'logbot': talk(c)",
      "def pubmsg(c, e):",
      "    if e.source.nick == 'logbot': state['answer'] = e.arguments[0]",
      "for kind, handler in [('welcome', welcome), ('namreply', names), ('join', joined),",
      "                      ('pubmsg', pubmsg)]:",
      "    reactor.add_global_handler(kind, handler)",
      "deadline = time.time() + 30",
      "while state['answer'] is None and time.time() < deadline:",
      "    reactor.process_once(0.2)",
      "if state['answer'] is None: sys.exit('no answer from logbot')",
      "print(state['answer'])",
      "conn.quit('bye')",
      "");

  @TempDir Path dir;

  @Test
  void aPythonIrcClientTalksWithTheBotOnTorsionsServerAndTheBotLogsIt() throws Exception {
    String python = Peers.requirePython("irc.client");
    Path script = Files.writeString(dir.resolve("alice.py"), ALICE);
    Path log = dir.resolve("test.log");
    try (ReactorThread real = new ReactorThread()) {
      int port = real.listenTCP(
          new IRCServerFactory(IRCServerOptions.builder("irc.test").build(), real.reactor()));
      try (ExampleProcess bot = ExampleProcess.torsion(new String[0], "run",
          "examples/LogBot.java", "--", "tcp:127.0.0.1:" + port, "#test", log.toString())) {
        PeerProcess.Result alice =
            PeerProcess.run(List.of(python, script.toString(), Integer.toString(port), "#test"));
        assertThat(alice.exit()).as(alice.all() + "\nbot:\n" + bot.output()).isZero();
        assertThat(alice.stdout().trim()).isEqualTo("alice: I am a log bot");

        bot.terminate();
        assertThat(bot.waitFor()).as(bot.output()).isZero();
      }
    }
    // Each line is "HH:MM:SS what"; the clock part is the bot's own.
    List<String> lines = Files.readAllLines(log).stream()
        .map(line -> line.substring(line.indexOf(' ') + 1)).collect(Collectors.toList());
    assertThat(lines).startsWith("[I have joined #test]").containsSubsequence(
        "<alice> hello from python irc",
        "* alice waves",
        "<alice> logbot: who are you?",
        "<logbot> alice: I am a log bot");
  }
}
