package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.IOException;
import java.io.InputStream;
import java.net.DatagramPacket;
import java.net.DatagramSocket;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code --reactors N}, chargen over UDP, and the one-line usage errors, on the real command. */
final class ManyReactorsProcessTest {
  private static final String LISTENING_TCP = "listening on (?:tcp|ssl):\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;

  @Test
  void echoOverTwoReactorsAnswersEveryConnectionAndWaitsForOpenOnesAtSigterm() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir,
        "--reactors", "2", "--shutdown-timeout", "30",
        "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "none")) {
      p.awaitLine("spreading connections over 2 reactors");
      int port = Integer.parseInt(p.awaitLine(LISTENING_TCP).group(1));
      p.awaitLine("echo started");

      // Many connections open at once, so they are spread and live side by side.
      List<Socket> clients = new ArrayList<>();
      try {
        for (int i = 0; i < 64; i++) {
          Socket s = new Socket();
          clients.add(s);
          s.connect(new InetSocketAddress(InetAddress.getLoopbackAddress(), port), 10_000);
          s.setSoTimeout(10_000);
        }
        for (int i = 0; i < clients.size(); i++) {
          clients.get(i).getOutputStream().write(("hello " + i + "\n").getBytes(StandardCharsets.US_ASCII));
        }
        for (int i = 0; i < clients.size(); i++) {
          assertThat(readLine(clients.get(i).getInputStream())).isEqualTo("hello " + i);
        }

        // A graceful stop waits for the connections, whichever reactor they live on.
        p.terminate();
        p.awaitLine("waiting for 64 open connection\\(s\\) to finish");
        Socket last = clients.get(clients.size() - 1);
        last.getOutputStream().write("still here\n".getBytes(StandardCharsets.US_ASCII));
        assertThat(readLine(last.getInputStream())).isEqualTo("still here");
      } finally {
        for (Socket s : clients) {
          s.close();
        }
      }
      assertThat(p.waitFor()).as(p.output()).isEqualTo(0);
      assertThat(String.join("\n", p.stdout())).contains("echo stopped").doesNotContain("shutdown timeout");
    }
  }

  private static String readLine(InputStream in) throws IOException {
    StringBuilder sb = new StringBuilder();
    for (int c = in.read(); c != '\n'; c = in.read()) {
      if (c < 0) {
        throw new IOException("closed after '" + sb + "'");
      }
      sb.append((char) c);
    }
    return sb.toString();
  }

  @Test
  void badReactorCountsAreOneLineUsageErrors() throws Exception {
    for (String bad : List.of("0", "-1", "two", "99999999999", "100000")) {
      try (TorsionProcess p = TorsionProcess.start(dir, "--reactors", bad, "echo")) {
        assertThat(p.waitFor()).as(bad).isEqualTo(2);
        assertThat(p.stderr()).as(bad).hasSize(1);
        assertThat(p.stderr().get(0)).as(bad).startsWith("torsion: --reactors must be");
      }
    }
  }

  @Test
  void chargenAnswersDatagramsWithUpTo512CharactersOfThePattern() throws Exception {
    try (TorsionProcess p =
        TorsionProcess.start(dir, "chargen", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "0")) {
      int udpPort = Integer.parseInt(p.awaitLine("listening on udp:\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)").group(1));
      p.awaitLine("chargen started");
      try (DatagramSocket udp = new DatagramSocket(0, InetAddress.getLoopbackAddress())) {
        udp.setSoTimeout(10_000);
        for (int i = 0; i < 5; i++) {
          byte[] ping = {'?'};
          udp.send(new DatagramPacket(ping, 1, InetAddress.getLoopbackAddress(), udpPort));
          DatagramPacket reply = new DatagramPacket(new byte[2048], 2048);
          udp.receive(reply);
          assertThat(reply.getLength()).isBetween(0, 512);
          String text = new String(reply.getData(), 0, reply.getLength(), StandardCharsets.US_ASCII);
          assertThat(text).matches("[ -~\\r\\n]*");
        }
      }
      p.terminate();
      assertThat(p.waitFor()).isEqualTo(0);
    }
  }
}
