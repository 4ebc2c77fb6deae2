package dev.torsion.protocols.finger;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.NioTesting;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.trial.Peers;
import java.io.BufferedReader;
import java.io.InputStream;
import java.io.InputStreamReader;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Our FingerClient against Twisted's finger server (twisted.protocols.finger). */
final class FingerInteropTest {
  @TempDir Path dir;

  @Test
  void ourClientFingersTwistedsServer() throws Exception {
    String python = Peers.requirePython("twisted.protocols.finger");
    Path script = dir.resolve("twisted_finger.py");
    try (InputStream in = getClass().getResourceAsStream("twisted_finger.py")) {
      Files.write(script, in.readAllBytes());
    }
    Process p = new ProcessBuilder(python, script.toString())
        .redirectError(dir.resolve("err").toFile()).start();
    try (NioTesting real = new NioTesting("finger-interop", 30)) {
      BufferedReader lines = new BufferedReader(new InputStreamReader(p.getInputStream(), StandardCharsets.UTF_8));
      String first = CompletableFuture.supplyAsync(() -> {
        try {
          return lines.readLine();
        } catch (java.io.IOException e) {
          return null;
        }
      }).get(30, TimeUnit.SECONDS);
      assertThat(first).as(Files.readString(dir.resolve("err"))).startsWith("PORT ");
      int port = Integer.parseInt(first.substring(5).trim());
      TCP4ClientEndpoint endpoint = new TCP4ClientEndpoint(real.reactor, "127.0.0.1", port);
      assertThat(real.await(() -> FingerClient.finger(endpoint, "/W alice")))
          .isEqualTo("Login: alice\r\nPlan: interop (verbose)\r\n");
      assertThat(real.await(() -> FingerClient.finger(endpoint, "bob"))).contains("No such user");
      assertThat(real.await(() -> FingerClient.finger(endpoint, "bob@elsewhere")))
          .contains("Finger forwarding service denied");
    } finally {
      p.destroy();
      if (!p.waitFor(10, TimeUnit.SECONDS)) {
        p.destroyForcibly().waitFor(10, TimeUnit.SECONDS);
      }
    }
  }
}
