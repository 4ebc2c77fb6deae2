package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.application.Application;
import dev.torsion.application.StreamServerEndpointService;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.TrialTimeout;
import org.junit.jupiter.api.AfterEach;

/**
 * examples/ReconnectingClient.java: the bot joins the chat room of ChatServer.java, and joins
 * again by itself after the server goes down and comes back on the same port.
 */
class ReconnectingClientTest {
  @AfterEach
  void clearProperties() {
    System.clearProperty("chat.listen");
    System.clearProperty("bot.connect");
  }

  @DeferredTest
  @TrialTimeout(30)
  Deferred<?> theBotRejoinsAfterTheServerRestarts(Reactor reactor) {
    Example chat = Example.load("ChatServer");
    System.setProperty("chat.listen", "tcp:0:interface=127.0.0.1");
    Application first = chat.application(reactor);
    Application[] second = new Application[1];
    Application[] bot = new Application[1];
    LineClient[] ann = new LineClient[2];
    int[] port = new int[1];
    return Example.start(first)
        .addDeferredCallback(ok -> {
          port[0] = Example.port(first);
          return joinAsAnn(reactor, port[0]);
        })
        .addDeferredCallback(client -> {
          ann[0] = client;
          System.setProperty("bot.connect", "tcp:127.0.0.1:" + port[0]);
          bot[0] = Example.load("ReconnectingClient").application(reactor);
          return Example.start(bot[0]).addDeferredCallback(ok -> client.next());
        })
        .addCallback(line -> assertThat(line).isEqualTo("* bot has joined"))
        .addDeferredCallback(ok -> ann[0].next())
        .addCallback(line -> assertThat(line).isEqualTo("<bot> I am here (session 1)"))
        // The server dies: no more listening, every connection cut.
        .addDeferredCallback(ok -> crash(first))
        .addDeferredCallback(ok -> ann[0].closed)
        .addDeferredCallback(ok -> {
          System.setProperty("chat.listen", "tcp:" + port[0] + ":interface=127.0.0.1");
          second[0] = chat.application(reactor);
          return Example.start(second[0]);
        })
        .addDeferredCallback(ok -> joinAsAnn(reactor, port[0]))
        .addDeferredCallback(client -> {
          ann[1] = client;
          return client.greeting.contains("bot") ? Deferred.succeed("* bot has joined") : client.next();
        })
        .addCallback(line -> assertThat(line).isEqualTo("* bot has joined"))
        .addDeferredCallback(ok -> ann[1].next())
        .addCallback(line -> assertThat(line).matches("<bot> (I am here \\(session 2\\)|Welcome, ann!)"))
        .addDeferredCallback(ok -> Example.stop(bot[0]))
        .addDeferredCallback(ok -> skipUntil(ann[1], "* bot has left"))
        .addDeferredCallback(ok -> ann[1].close())
        .addDeferredCallback(ok -> Example.stop(second[0]));
  }

  /** A client named ann, in the room; its greeting lists who was already there. */
  private static Deferred<AnnClient> joinAsAnn(Reactor reactor, int port) {
    AnnClient ann = new AnnClient(reactor);
    return dev.torsion.internet.endpoints.Endpoints.connectProtocol(
            dev.torsion.internet.endpoints.Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port), ann)
        .addDeferredCallback(c -> c.next())
        .addDeferredCallback(welcome -> {
          ann.sendLine("ann");
          return ann.next();
        })
        .addCallback(greeting -> {
          assertThat(greeting).startsWith("Hello, ann!");
          ann.greeting = greeting;
          return ann;
        });
  }

  static final class AnnClient extends LineClient {
    String greeting;

    AnnClient(Reactor reactor) {
      super(reactor);
    }
  }

  private static Deferred<Void> crash(Application app) {
    StreamServerEndpointService listening = (StreamServerEndpointService) app.iterator().next();
    return listening.stopListening().addDeferredCallback(ok -> {
      listening.abortConnections();
      return Example.stop(app);
    });
  }

  private static Deferred<Void> skipUntil(LineClient client, String wanted) {
    return client.next().addDeferredCallback(line ->
        line.equals(wanted) ? Deferred.succeed(null) : skipUntil(client, wanted));
  }
}
