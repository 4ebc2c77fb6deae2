package dev.torsion.examples;

import static dev.torsion.trial.Trial.flushLoggedErrors;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.application.Application;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Log;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.plugin.StartupError;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.StringTransport;
import dev.torsion.trial.Trial;
import dev.torsion.trial.TrialTimeout;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The finger tutorial, examples/Finger01.java to Finger05.java, step by step. */
@TrialTimeout(20)
class FingerTest {
  @TempDir Path dir;
  private Path users;

  @BeforeEach
  void usersFile() throws IOException {
    users = dir.resolve("users.txt");
    Files.writeString(users, "# test users\nmoshez: Happy and well\nbob: Away\n");
    System.setProperty("finger.users", users.toString());
    System.setProperty("finger.listen", "tcp:0:interface=127.0.0.1");
    System.setProperty("finger.web", "tcp:0:interface=127.0.0.1");
  }

  @AfterEach
  void clearProperties() {
    System.clearProperty("finger.users");
    System.clearProperty("finger.listen");
    System.clearProperty("finger.web");
  }

  @Test
  void step1AnswersFromTheMapAndHangsUp() {
    Factory factory = Example.load("Finger01").make("FingerFactory", Map.of("moshez", "Happy and well"));
    assertThat(finger(factory, "moshez\r\n")).isEqualTo("Happy and well\r\n");
    assertThat(finger(factory, "nobody\r\n")).isEqualTo("No such user\r\n");
  }

  private static String finger(Factory factory, String request) {
    Protocol p = factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 40000));
    StringTransport transport = new StringTransport();
    p.makeConnection(transport);
    for (byte b : request.getBytes(StandardCharsets.UTF_8)) { // one byte at a time
      p.dataReceived(new byte[] {b});
    }
    assertThat(transport.disconnecting).as("closed after answering").isTrue();
    return transport.valueString();
  }

  @Test
  void step2ReadsTheUsersFile() throws Exception {
    Map<String, String> read = Example.load("Finger02").call("readUsers", users);
    assertThat(read).containsExactlyInAnyOrderEntriesOf(Map.of("moshez", "Happy and well", "bob", "Away"));
  }

  @Test
  void step2RefusesToStartWithoutItsFileAndSaysWhichFile() {
    System.setProperty("finger.users", dir.resolve("missing.txt").toString());
    Example finger02 = Example.load("Finger02");
    assertThatThrownBy(() -> finger02.application(new dev.torsion.trial.MemoryReactor()))
        .isInstanceOf(StartupError.class)
        .hasMessageContaining("missing.txt");
  }

  @DeferredTest
  Deferred<?> everyStepAnswersOverRealTcp(Reactor reactor) {
    Deferred<Void> all = Deferred.succeed(null);
    for (String step : List.of("Finger01", "Finger02", "Finger03", "Finger04", "Finger05")) {
      all = all.addDeferredCallback(ok -> fingerOverTcp(reactor, step));
    }
    return all;
  }

  private static Deferred<Void> fingerOverTcp(Reactor reactor, String step) {
    Application app = Example.load(step).application(reactor);
    return Example.start(app)
        .addDeferredCallback(ok -> RawClient.exchange(reactor, Example.ports(app).get(0), "moshez\r\n"))
        .addCallback(reply -> assertThat(reply).as(step).isEqualTo("Happy and well\r\n"))
        .addDeferredCallback(ok -> RawClient.exchange(reactor, Example.ports(app).get(0), "nobody\r\n"))
        .addCallback(reply -> assertThat(reply).as(step).isEqualTo("No such user\r\n"))
        .addDeferredCallback(ok -> Example.stop(app));
  }

  @DeferredTest
  Deferred<?> step3SeesEditsToTheFileAtTheNextLookup(Reactor reactor) {
    Application app = Example.load("Finger03").application(reactor);
    return Example.start(app)
        .addDeferredCallback(ok -> RawClient.exchange(reactor, Example.port(app), "bob\r\n"))
        .addCallback(reply -> assertThat(reply).isEqualTo("Away\r\n"))
        .addCallback(ok -> Files.writeString(users, "bob: Back\n"))
        .addDeferredCallback(ok -> RawClient.exchange(reactor, Example.port(app), "bob\r\n"))
        .addCallback(reply -> assertThat(reply).isEqualTo("Back\r\n"))
        .addDeferredCallback(ok -> Example.stop(app));
  }

  @DeferredTest
  Deferred<?> step3AnswersPolitelyAndLogsWhenTheLookupFails(Reactor reactor) throws IOException {
    Files.delete(users);
    Application app = Example.load("Finger03").application(reactor);
    return Example.start(app)
        .addDeferredCallback(ok -> RawClient.exchange(reactor, Example.port(app), "bob\r\n"))
        .addCallback(reply -> assertThat(reply).isEqualTo("Internal error in server\r\n"))
        .addCallback(ok -> assertThat(flushLoggedErrors(NoSuchFileException.class)).hasSize(1))
        .addDeferredCallback(ok -> Example.stop(app));
  }

  @DeferredTest
  Deferred<?> step4ServesTheUsersOverHttp(Reactor reactor) {
    Application app = Example.load("Finger04").application(reactor);
    return webChecks(reactor, app);
  }

  @DeferredTest
  Deferred<?> step5ServesTheUsersOverHttp(Reactor reactor) {
    Application app = Example.load("Finger05").application(reactor);
    return webChecks(reactor, app);
  }

  private static Deferred<?> webChecks(Reactor reactor, Application app) {
    return Example.start(app)
        .addDeferredCallback(ok -> RawClient.httpGet(reactor, Example.ports(app).get(1), "/moshez"))
        .addCallback(response -> {
          assertThat(response).startsWith("HTTP/1.1 200 ").contains("text/html")
              .endsWith("<h1>moshez</h1><p>Happy and well</p>");
          return null;
        })
        .addDeferredCallback(ok -> RawClient.httpGet(reactor, Example.ports(app).get(1), "/"))
        .addCallback(response -> {
          assertThat(response).contains("<li><a href=\"moshez\">moshez</a></li>")
              .contains("<li><a href=\"bob\">bob</a></li>");
          return null;
        })
        .addDeferredCallback(ok -> RawClient.httpGet(reactor, Example.ports(app).get(1), "/%3Cscript%3E"))
        .addCallback(response -> {
          assertThat(response).contains("<h1>&lt;script&gt;</h1><p>No such user</p>");
          return null;
        })
        .addDeferredCallback(ok -> Example.stop(app));
  }

  @DeferredTest
  Deferred<?> step5DoesNotOpenItsPortsWhenTheFileCannotBeRead(Reactor reactor) throws IOException {
    Files.delete(users);
    Application app = Example.load("Finger05").application(reactor);
    return Trial.assertFailure(Example.start(app), NoSuchFileException.class)
        .addCallback(error -> {
          assertThat(error).hasMessageContaining("users.txt");
          assertThat(app.iterator().next().isRunning()).isTrue(); // the FingerService itself
          return null;
        })
        .addCallback(ok -> {
          assertThat(app).allSatisfy(s -> assertThat(s instanceof dev.torsion.application.StreamServerEndpointService
              ? ((dev.torsion.application.StreamServerEndpointService) s).getPort() : null).isNull());
          return null;
        })
        .addDeferredCallback(ok -> Example.stop(app));
  }

  @DeferredTest
  Deferred<?> step5KeepsTheLastGoodUsersWhenAReReadFails(Reactor reactor) throws Exception {
    Example finger05 = Example.load("Finger05");
    Object service = finger05.make("FingerService", reactor, users, 0.01);
    dev.torsion.application.Service fingerService = (dev.torsion.application.Service) service;
    Deferred<Void> reReadFailed = new Deferred<>();
    AutoCloseable observer = Log.addErrorObserver(e -> {
      if (!reReadFailed.called()) {
        reReadFailed.callback(null);
      }
    });
    return Example.start(fingerService)
        .addCallback(ok -> {
          Files.delete(users);
          return null;
        })
        .addDeferredCallback(ok -> reReadFailed)
        .addDeferredCallback(ok -> finger05Lookup(service, "moshez"))
        .addCallback(status -> assertThat(status).isEqualTo("Happy and well"))
        .addDeferredCallback(ok -> Example.stop(fingerService))
        .addCallback(ok -> {
          // Stopped waits for a re-read in flight, so every failed re-read is logged by now.
          observer.close();
          assertThat(flushLoggedErrors(NoSuchFileException.class)).isNotEmpty();
          return null;
        });
  }

  @SuppressWarnings("unchecked")
  private static Deferred<String> finger05Lookup(Object service, String user) throws Exception {
    java.lang.reflect.Method getUser = service.getClass().getDeclaredMethod("getUser", String.class);
    getUser.setAccessible(true);
    return (Deferred<String>) getUser.invoke(service, user);
  }
}
