package dev.torsion.words.irc;

import dev.torsion.trial.ReactorThread;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.application.ClientService;
import dev.torsion.application.RetryPolicy;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.endpoints.Endpoints;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The bot client against a real ngircd, and against Torsion's own server for SASL and reconnects. */
class IRCClientInteropTest {
  @TempDir Path dir;
  ReactorThread real;
  final List<RecordingBot> bots = new ArrayList<>();

  @BeforeEach
  void start() {
    real = new ReactorThread();
  }

  @AfterEach
  void stop() throws Exception {
    for (RecordingBot b : bots) {
      real.onReactor(() -> {
        if (b.getTransport() != null) {
          b.getTransport().abortConnection();
        }
        return null;
      });
    }
    real.close();
  }

  RecordingBot connect(int port, Supplier<RecordingBot> make) throws Exception {
    RecordingBot bot = make.get();
    bots.add(bot);
    real.call(() -> Endpoints.connectProtocol(
        Endpoints.clientFromString(real.reactor(), "tcp:127.0.0.1:" + port), bot));
    return bot;
  }

  void on(Runnable action) throws Exception {
    real.onReactor(() -> {
      action.run();
      return null;
    });
  }

  @Test
  void botsJoinTalkSplitLongMessagesAndUseCtcpOnNgircd() throws Exception {
    try (Ngircd ngircd = Ngircd.start(dir)) {
      RecordingBot alice = connect(ngircd.port, () -> new RecordingBot("alicebot"));
      alice.await("signedOn alicebot");
      on(() -> alice.join("#torsion"));
      alice.await("joined #torsion");
      RecordingBot bob = connect(ngircd.port, () -> new RecordingBot("bobbot"));
      bob.await("signedOn bobbot");
      on(() -> bob.join("#torsion"));
      bob.await("joined #torsion");
      assertThat(alice.await("userJoined")).isEqualTo("userJoined bobbot #torsion");

      String longText = "lorem ipsum ".repeat(90).trim(); // ~1 KB: three lines at least
      on(() -> alice.say("#torsion", longText));
      StringBuilder got = new StringBuilder();
      while (got.length() < longText.length()) {
        String e = bob.await("privmsg alicebot #torsion ");
        got.append(got.length() == 0 ? "" : " ").append(e.substring("privmsg alicebot #torsion ".length()));
      }
      assertThat(got.toString()).isEqualTo(longText);

      on(() -> bob.describe("#torsion", "waves"));
      assertThat(alice.await("action")).isEqualTo("action bobbot #torsion waves");
      on(() -> alice.topic("#torsion", "bots only"));
      assertThat(bob.await("topicUpdated")).isEqualTo("topicUpdated alicebot #torsion bots only");
      on(() -> bob.ctcpMakeQuery("alicebot", "VERSION", null));
      assertThat(bob.await("ctcpReply")).isEqualTo("ctcpReply alicebot VERSION Torsion words:0.1:Java");
      on(() -> bob.ctcpMakeQuery("alicebot", "PING", "42"));
      assertThat(bob.await("ctcpReply")).isEqualTo("ctcpReply alicebot PING 42");
      on(() -> alice.msg("bobbot", "private"));
      assertThat(bob.await("privmsg")).isEqualTo("privmsg alicebot bobbot private");

      on(() -> bob.quit("bye"));
      assertThat(alice.await("userQuit")).startsWith("userQuit bobbot ").contains("bye");
    }
  }

  @Test
  void aCollidingNickGetsAnUnderscoreOnNgircd() throws Exception {
    try (Ngircd ngircd = Ngircd.start(dir)) {
      RecordingBot first = connect(ngircd.port, () -> new RecordingBot("samebot"));
      first.await("signedOn samebot");
      RecordingBot second = connect(ngircd.port, () -> new RecordingBot("samebot"));

      assertThat(second.await("signedOn")).isEqualTo("signedOn samebot_");
    }
  }

  @Test
  void saslPlainLogsInToTorsionsServerAndAWrongPasswordIsRefused() throws Exception {
    IRCServerFactory server = new IRCServerFactory(IRCServerOptions.builder("irc.test")
        .users(new InMemoryUsers().addUser("alice", "secret")).build(), real.reactor());
    int port = real.listenTCP(server);

    RecordingBot good = connect(port, () -> {
      RecordingBot b = new RecordingBot("alicebot");
      b.saslUsername = "alice";
      b.saslPassword = "secret";
      return b;
    });
    assertThat(good.await("signedOn")).isEqualTo("signedOn alicebot");

    RecordingBot bad = connect(port, () -> {
      RecordingBot b = new RecordingBot("mallory");
      b.saslUsername = "alice";
      b.saslPassword = "guess";
      return b;
    });
    assertThat(bad.await("saslFailed")).isEqualTo("saslFailed SASL authentication failed");
    assertThat(bad.await("error")).contains("464");
    bad.await("connectionLost");
    assertThat(bad.seen).noneMatch(e -> e.startsWith("signedOn"));
  }

  @Test
  void clientServiceSignsOnAgainAfterTheConnectionDrops() throws Exception {
    IRCServerFactory server = new IRCServerFactory(
        IRCServerOptions.builder("irc.test").build(), real.reactor());
    int port = real.listenTCP(server);
    List<CompletableFuture<RecordingBot>> made =
        List.of(new CompletableFuture<>(), new CompletableFuture<>());
    int[] count = {0};
    Factory factory = Factory.forProtocol(() -> {
      RecordingBot b = new RecordingBot("steady");
      bots.add(b);
      made.get(Math.min(count[0]++, 1)).complete(b);
      return b;
    });
    ClientService service = real.onReactor(() -> new ClientService(
        Endpoints.clientFromString(real.reactor(), "tcp:127.0.0.1:" + port), factory, real.reactor(),
        RetryPolicy.defaultPolicy()));
    on(service::startService);
    try {
      RecordingBot first = made.get(0).get(15, TimeUnit.SECONDS);
      first.await("signedOn steady");
      on(() -> first.getTransport().abortConnection());

      RecordingBot again = made.get(1).get(15, TimeUnit.SECONDS);
      // The server may not have seen the drop yet: then the nick collides and gets its "_".
      assertThat(again.await("signedOn")).matches("signedOn steady_?");
    } finally {
      real.call(() -> (Deferred<Void>) service.stopService());
    }
  }
}
