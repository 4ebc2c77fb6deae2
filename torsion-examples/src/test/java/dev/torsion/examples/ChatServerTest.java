package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.application.Application;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.StringTransportWithDisconnection;
import dev.torsion.trial.TrialTimeout;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** examples/ChatServer.java: on in-memory transports, then with three real clients on loopback. */
class ChatServerTest {
  private final Example chat = Example.load("ChatServer");

  /** One user on a StringTransport that really closes (so connectionLost runs). */
  private final class User {
    final StringTransportWithDisconnection transport = new StringTransportWithDisconnection();
    final Protocol protocol;

    User(Factory room) {
      protocol = room.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 40000));
      transport.protocol = protocol;
      protocol.makeConnection(transport);
    }

    void type(String text) {
      protocol.dataReceived(text.getBytes(StandardCharsets.UTF_8));
    }

    /** The lines written to this user since the last call. */
    List<String> read() {
      String text = transport.valueString();
      transport.clear();
      if (text.isEmpty()) {
        return List.of();
      }
      assertThat(text).endsWith("\r\n");
      return List.of(text.substring(0, text.length() - 2).split("\r\n", -1));
    }
  }

  private Factory room;

  @BeforeEach
  void newRoom() {
    room = chat.make("Room");
  }

  @Test
  void aNewcomerIsAskedForANameAndGreetedWithWhoIsHere() {
    User alice = new User(room);
    assertThat(alice.read()).containsExactly("Welcome! What's your name?");
    alice.type("alice\r\n");
    assertThat(alice.read()).containsExactly("Hello, alice! Here: alice");
  }

  @Test
  void aLineGoesToEveryoneElseButNotBackToItsSender() {
    User alice = joined("alice");
    User bob = joined("bob");
    alice.read();
    alice.type("hi bob\r\n");
    assertThat(bob.read()).containsExactly("<alice> hi bob");
    assertThat(alice.read()).isEmpty();
  }

  @Test
  void aLineSplitAcrossChunksIsBroadcastOnceComplete() {
    User alice = joined("alice");
    User bob = joined("bob");
    alice.type("hel");
    assertThat(bob.read()).isEmpty();
    alice.type("lo\r");
    alice.type("\n");
    assertThat(bob.read()).containsExactly("<alice> hello");
  }

  @Test
  void aTakenOrBadNameIsRefusedAndAnotherAskedFor() {
    joined("alice");
    User other = new User(room);
    other.read();
    other.type("alice\r\n");
    assertThat(other.read()).containsExactly("Name taken, please choose another:");
    other.type("two words\r\n");
    assertThat(other.read()).hasSize(1).first().asString().startsWith("Names are 1 to 20");
    other.type("alicia\r\n");
    assertThat(other.read()).containsExactly("Hello, alicia! Here: alice, alicia");
  }

  @Test
  void nickTellsEveryoneAndFreesTheOldName() {
    User alice = joined("alice");
    User bob = joined("bob");
    alice.read();
    alice.type("/nick al\r\n");
    assertThat(alice.read()).containsExactly("* alice is now known as al");
    assertThat(bob.read()).containsExactly("* alice is now known as al");
    alice.type("still me\r\n");
    assertThat(bob.read()).containsExactly("<al> still me");
    User third = new User(room);
    third.type("alice\r\n");
    assertThat(third.read()).contains("Hello, alice! Here: bob, al, alice");
  }

  @Test
  void aUserLeavingMidLineIsAnnouncedAndTheHalfLineDropped() {
    User alice = joined("alice");
    User bob = joined("bob");
    alice.read();
    bob.type("I was about to sa");
    bob.transport.loseConnection();
    assertThat(alice.read()).containsExactly("* bob has left");
    User again = new User(room);
    again.type("bob\r\n"); // the name is free again
    assertThat(again.read()).contains("Hello, bob! Here: alice, bob");
  }

  @Test
  void quitSaysByeAndCloses() {
    User alice = joined("alice");
    User bob = joined("bob");
    alice.read();
    bob.type("/quit\r\nthis is never sent\r\n");
    assertThat(bob.read()).containsExactly("Bye!");
    assertThat(bob.protocol.isConnected()).isFalse();
    assertThat(alice.read()).containsExactly("* bob has left");
  }

  private User joined(String name) {
    User user = new User(room);
    user.type(name + "\r\n");
    user.read();
    return user;
  }

  @DeferredTest
  @TrialTimeout(20)
  Deferred<?> threeRealClientsChatOnLoopback(Reactor reactor) {
    System.setProperty("chat.listen", "tcp:0:interface=127.0.0.1");
    Application app = chat.application(reactor);
    List<LineClient> c = new ArrayList<>();
    return Example.start(app)
        .addDeferredCallback(ok -> connectAll(reactor, Example.port(app), 3, c))
        .addDeferredCallback(ok -> c.get(0).next()) // Welcome! What's your name?
        .addDeferredCallback(ok -> join(c.get(0), "ann"))
        .addDeferredCallback(ok -> join(c.get(1), "ben"))
        .addDeferredCallback(ok -> c.get(0).next())
        .addCallback(line -> assertThat(line).isEqualTo("* ben has joined"))
        .addDeferredCallback(ok -> join(c.get(2), "cy"))
        .addDeferredCallback(ok -> c.get(0).next())
        .addCallback(line -> assertThat(line).isEqualTo("* cy has joined"))
        .addDeferredCallback(ok -> c.get(1).next())
        .addCallback(line -> assertThat(line).isEqualTo("* cy has joined"))
        .addDeferredCallback(ok -> {
          c.get(0).sendLine("hello all");
          return Deferred.gatherResults(List.of(c.get(1).next(), c.get(2).next()));
        })
        .addCallback(lines -> assertThat(lines).containsExactly("<ann> hello all", "<ann> hello all"))
        .addDeferredCallback(ok -> {
          c.get(1).sendLine("/nick benny");
          return Deferred.gatherResults(List.of(c.get(0).next(), c.get(1).next(), c.get(2).next()));
        })
        .addCallback(lines -> assertThat(lines).containsOnly("* ben is now known as benny"))
        .addDeferredCallback(ok -> {
          c.get(2).sendRaw("half a thou");
          return c.get(2).close();
        })
        .addDeferredCallback(ok -> Deferred.gatherResults(List.of(c.get(0).next(), c.get(1).next())))
        .addCallback(lines -> assertThat(lines).containsOnly("* cy has left"))
        .addDeferredCallback(ok -> {
          c.get(0).sendLine("/who");
          return c.get(0).next();
        })
        .addCallback(line -> assertThat(line).isEqualTo("Here: ann, benny"))
        .addDeferredCallback(ok -> Deferred.gatherResults(List.of(c.get(0).close(), c.get(1).close())))
        .addDeferredCallback(ok -> Example.stop(app));
  }

  /** Sends a name and waits for the greeting. */
  private static Deferred<String> join(LineClient client, String name) {
    client.sendLine(name);
    return client.next()
        .addCallback(line -> {
          assertThat(line).startsWith("Hello, " + name + "!");
          return line;
        });
  }

  private static Deferred<Void> connectAll(Reactor reactor, int port, int n, List<LineClient> into) {
    List<Deferred<LineClient>> all = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      all.add(LineClient.connect(reactor, port));
    }
    return Deferred.gatherResults(all).addCallback(clients -> {
      into.addAll(clients);
      // Everyone's greeting but the first client's is read here, so each queue starts fresh.
      return null;
    }).addDeferredCallback(ok -> Deferred.gatherResults(List.of(into.get(1).next(), into.get(2).next())))
        .addCallback(greetings -> {
          assertThat(greetings).containsOnly("Welcome! What's your name?");
          return null;
        });
  }
}
