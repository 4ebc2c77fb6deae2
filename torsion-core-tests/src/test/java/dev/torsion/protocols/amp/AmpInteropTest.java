package dev.torsion.protocols.amp;

import static dev.torsion.protocols.amp.MathCommands.*;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.catchThrowable;

import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.NioTesting;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.trial.Peers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python Twisted's own AMP (twisted.protocols.amp) against ours, in both directions. */
final class AmpInteropTest {
  @TempDir Path dir;
  private NioTesting real;
  private String python;
  private Path script;

  @BeforeEach
  void start() throws Exception {
    python = Peers.requirePython("twisted.protocols.amp");
    script = dir.resolve("twisted_amp.py");
    try (InputStream in = getClass().getResourceAsStream("twisted_amp.py")) {
      Files.write(script, in.readAllBytes());
    }
    real = new NioTesting("amp-interop", NioTesting.SLOW_TIMEOUT_SECONDS);
  }

  @AfterEach
  void stop() throws Exception {
    real.close();
  }

  @Test
  void aTwistedClientCallsOurServer() throws Exception {
    ListeningPort port = real.call(() ->
        real.reactor.listenTCP(0, Factory.forProtocol(MathCommands::server), 50, "127.0.0.1"));
    try {
      Process p = new ProcessBuilder(python, script.toString(), "client",
          Integer.toString(NioTesting.port(port))).redirectErrorStream(true).start();
      boolean done = p.waitFor(40, TimeUnit.SECONDS);
      if (!done) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
      String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
      assertThat(done).as("Twisted client finished: " + out).isTrue();
      assertThat(p.exitValue()).as(out).isZero();
      assertThat(out).contains(
          "sum 94\n", "divide 2.5\n", "ZeroDivisionError division by zero\n",
          "everything equal\n", "UnhandledCommand\n", "UnknownRemoteError",
          "notes ['hello from python']\n");
    } finally {
      real.call(() -> port.stopListening());
    }
  }

  @Test
  void ourClientCallsATwistedServer() throws Exception {
    Process p = new ProcessBuilder(python, script.toString(), "server")
        .redirectError(dir.resolve("server.err").toFile()).start();
    try {
      BufferedReader lines = new BufferedReader(
          new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return lines.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
      assertThat(first).as(Files.readString(dir.resolve("server.err"))).startsWith("PORT ");
      int port = Integer.parseInt(first.substring(5).trim());

      AMP amp = real.await(() -> Endpoints.connectProtocol(
          new TCP4ClientEndpoint(real.reactor, "127.0.0.1", port, 10, null), new AMP()));
      assertThat(real.await(() -> amp.callRemote(SUM, new Sum(13, 81))).total()).isEqualTo(94);
      assertThat(real.await(() -> amp.callRemote(DIVIDE, new Divide(10, 4))).result()).isEqualTo(2.5);
      Throwable zero = cause(() -> real.await(() -> amp.callRemote(DIVIDE, new Divide(1, 0))));
      assertThat(zero).isInstanceOf(ArithmeticException.class).hasMessageContaining("division by zero");

      Everything sent = MathCommands.sample();
      Object echoed = outcome(() -> real.await(() -> amp.callRemote(ECHO, sent)));
      assertThat(echoed).as(Files.readString(dir.resolve("server.err")))
          .usingRecursiveComparison().isEqualTo(sent);
      assertThat(cause(() -> real.await(() -> amp.callRemote(NOPE, null))))
          .isInstanceOf(UnhandledCommand.class);
      real.call(() -> amp.callRemote(NOTIFY, new Notify("hello from java")));
      assertThat(real.await(() -> amp.callRemote(NOTES, null)).texts()).containsExactly("hello from java");
      // Twisted closes the connection after an undeclared error (its QuitBox): so this goes last.
      RemoteAmpError boom = (RemoteAmpError) cause(() -> real.await(() -> amp.callRemote(BOOM, null)));
      assertThat(boom).isInstanceOf(UnknownRemoteError.class);
      assertThat(boom.errorCode()).isEqualTo("UNKNOWN");
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }

  private interface Call {
    Object run() throws Exception;
  }

  private static Object outcome(Call call) {
    try {
      return call.run();
    } catch (Exception e) {
      return e instanceof ExecutionException ? e.getCause() : e;
    }
  }

  private static Throwable cause(Call call) {
    Throwable t = catchThrowable(call::run);
    return t instanceof ExecutionException ? t.getCause() : t;
  }
}
