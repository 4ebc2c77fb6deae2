package dev.torsion.words.tap;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.runner.TorsionProcess;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** {@code torsion words} through the real launcher: it serves IRC, and its mistakes are one line. */
class WordsPluginProcessTest {
  static final String LISTENING = "listening on tcp:\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;

  @Test
  void servesIrcWithTheMotdAndUsersGiven() throws Exception {
    Files.writeString(dir.resolve("motd.txt"), "Welcome to the test\nsecond line\n");
    try (TorsionProcess p = TorsionProcess.start(dir, "words", "--irc", "tcp:0:interface=127.0.0.1",
        "--server-name", "irc.example.test", "--motd", "motd.txt", "--user", "alice=secret")) {
      int port = Integer.parseInt(p.awaitLine(LISTENING).group(1));

      List<String> good = talk(port, "PASS secret", "NICK alice", "USER a 0 * :A", "QUIT");
      assertThat(good).contains(":irc.example.test 372 alice :- Welcome to the test",
          ":irc.example.test 372 alice :- second line");
      List<String> bad = talk(port, "PASS wrong", "NICK alice", "USER a 0 * :A");
      assertThat(bad).anyMatch(l -> l.startsWith(":irc.example.test 464 alice "));
      assertThat(bad).noneMatch(l -> l.contains(" 001 "));

      p.terminate();
      assertThat(p.waitFor()).isZero();
    }
  }

  @Test
  void withoutUsersAnyoneTakesAFreeNick() throws Exception {
    try (TorsionProcess p = TorsionProcess.start(dir, "words", "--irc", "tcp:0:interface=127.0.0.1")) {
      int port = Integer.parseInt(p.awaitLine(LISTENING).group(1));

      assertThat(talk(port, "NICK anyone", "USER a 0 * :A", "QUIT"))
          .anyMatch(l -> l.equals(":irc.torsion.local 422 anyone :MOTD File is missing"));
      p.terminate();
      assertThat(p.waitFor()).isZero();
    }
  }

  @Test
  void mistakesAreOneLine() throws Exception {
    assertOneLine(2, "torsion: --server-name: an IRC server name has a dot and no space, like"
        + " irc.example.com: 'nodot'", "--server-name", "nodot");
    assertOneLine(1, "torsion: --motd: cannot read missing.txt: no such file or directory",
        "--motd", "missing.txt");
    assertOneLine(2, "torsion: --user must be NAME=PASSWORD, not 'alice'", "--user", "alice");
  }

  private void assertOneLine(int status, String line, String... args) throws Exception {
    List<String> all = new ArrayList<>(List.of("words", "--irc", "tcp:0:interface=127.0.0.1"));
    all.addAll(List.of(args));
    try (TorsionProcess p = TorsionProcess.start(dir, all.toArray(new String[0]))) {
      assertThat(p.waitFor()).as(p.output()).isEqualTo(status);
      assertThat(p.stderr()).as(p.output()).containsExactly(line);
    }
  }

  /** Sends the lines, then reads until the server closes (QUIT or an error). */
  private static List<String> talk(int port, String... lines) throws Exception {
    try (Socket s = new Socket("127.0.0.1", port)) {
      s.setSoTimeout(10_000);
      OutputStream out = s.getOutputStream();
      for (String l : lines) {
        out.write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
      }
      out.flush();
      BufferedReader in = new BufferedReader(new InputStreamReader(s.getInputStream(), StandardCharsets.UTF_8));
      List<String> got = new ArrayList<>();
      for (String l; (l = in.readLine()) != null; ) {
        got.add(l);
      }
      return got;
    }
  }
}
