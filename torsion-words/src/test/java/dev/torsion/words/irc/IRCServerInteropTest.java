package dev.torsion.words.irc;

import dev.torsion.trial.ReactorThread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python Twisted's IRCClient (twisted.words.protocols.irc), two of them, against the server. */
class IRCServerInteropTest {
  @TempDir Path dir;
  ReactorThread real;
  IRCServerFactory factory;
  int port;

  @BeforeEach
  void start() throws Exception {
    real = new ReactorThread();
    factory = new IRCServerFactory(
        IRCServerOptions.builder("irc.test").motd(List.of("hi")).build(), real.reactor());
    port = real.listenTCP(factory);
  }

  @AfterEach
  void stop() throws Exception {
    real.close();
  }

  @Test
  void twoTwistedClientsJoinTalkSetTheTopicAndQuit() throws Exception {
    String python = Peers.requirePython("twisted.words.protocols.irc");
    Path script = dir.resolve("twisted_clients.py");
    try (InputStream in = getClass().getResourceAsStream("twisted_clients.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p = new ProcessBuilder(python, script.toString(), Integer.toString(port))
        .redirectErrorStream(true).start();
    if (!p.waitFor(40, TimeUnit.SECONDS)) {
      p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      throw new AssertionError("the Twisted clients did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);

    assertThat(p.exitValue()).as(out).isZero();
    assertThat(out).contains(
        "alice signedOn", "alice joined #torsion", "bob joined #torsion",
        "alice userJoined bob #torsion",
        "bob privmsg alice #torsion hello bob",
        "alice privmsg bob alice hi alice, in private",
        "bob topicUpdated alice #torsion a topic from alice",
        "alice action bob #torsion waves",
        "alice userQuit bob Quit: bye now");
    assertThat(real.onReactor(factory::userCount)).isZero();
  }
}
