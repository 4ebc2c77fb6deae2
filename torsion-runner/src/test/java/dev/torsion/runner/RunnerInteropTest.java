package dev.torsion.runner;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The runner against real programs: curl through portforward and socks to python3's
 * http.server, and python3's json module reading our JSON log lines.
 */
final class RunnerInteropTest {
  private static final String LISTENING_TCP = "listening on (?:tcp|ssl):\\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";

  @TempDir Path dir;
  private final List<TorsionProcess> processes = new ArrayList<>();
  private byte[] page;
  private int httpPort;

  @BeforeEach
  void startHttpServer() throws Exception {
    String python = Peers.require("python3");
    Path www = Files.createDirectories(dir.resolve("www"));
    page = new byte[300_000];
    new Random(3).nextBytes(page);
    Files.write(www.resolve("page.bin"), page);
    TorsionProcess http =
        track(TorsionProcess.exec(www, List.of(python, "-u", "-m", "http.server", "--bind", "127.0.0.1", "0")));
    httpPort = Integer.parseInt(http.awaitLine("port (\\d+)").group(1));
  }

  @AfterEach
  void stopAll() {
    processes.forEach(TorsionProcess::close);
  }

  private TorsionProcess track(TorsionProcess p) {
    processes.add(p);
    return p;
  }

  private byte[] curl(String... args) throws Exception {
    String curl = Peers.require("curl");
    Path out = dir.resolve("curl.out");
    List<String> command = new ArrayList<>(List.of(curl, "-sS", "--max-time", "20", "-o", out.toString()));
    command.addAll(List.of(args));
    TorsionProcess p = track(TorsionProcess.exec(dir, command));
    assertThat(p.waitFor()).as(p.output()).isEqualTo(0);
    return Files.readAllBytes(out);
  }

  @Test
  void curlThroughPortforwardGetsThePage() throws Exception {
    TorsionProcess proxy =
        track(TorsionProcess.start(dir, "portforward", "--listen", "tcp:0:interface=127.0.0.1",
            "--dest", "127.0.0.1:" + httpPort));
    int port = Integer.parseInt(proxy.awaitLine(LISTENING_TCP).group(1));
    assertThat(curl("http://127.0.0.1:" + port + "/page.bin")).isEqualTo(page);
  }

  @Test
  void curlThroughSocksWithEveryVersion() throws Exception {
    TorsionProcess socks =
        track(TorsionProcess.start(dir, "socks", "--listen", "tcp:0:interface=127.0.0.1"));
    String proxy = "127.0.0.1:" + Integer.parseInt(socks.awaitLine(LISTENING_TCP).group(1));
    String url = "http://127.0.0.1:" + httpPort + "/page.bin";
    String byName = "http://localhost:" + httpPort + "/page.bin";
    assertThat(curl("--socks5", proxy, url)).isEqualTo(page);
    assertThat(curl("--socks5-hostname", proxy, byName)).isEqualTo(page);
    assertThat(curl("--socks4", proxy, url)).isEqualTo(page);
    assertThat(curl("--socks4a", proxy, byName)).isEqualTo(page);
  }

  @Test
  void curlLogsInToSocks5WithAUserAndPassword() throws Exception {
    TorsionProcess socks =
        track(TorsionProcess.start(dir, "socks", "--listen", "tcp:0:interface=127.0.0.1",
            "--user", "ann=s3cret"));
    String port = socks.awaitLine(LISTENING_TCP).group(1);
    String url = "http://127.0.0.1:" + httpPort + "/page.bin";
    assertThat(curl("--socks5", "ann:s3cret@127.0.0.1:" + port, url)).isEqualTo(page);
    assertThat(curl("--proxy", "socks5h://ann:s3cret@127.0.0.1:" + port,
        "http://localhost:" + httpPort + "/page.bin")).isEqualTo(page);

    String curl = Peers.require("curl");
    for (String proxy : List.of("ann:wrong@127.0.0.1:" + port, "127.0.0.1:" + port)) {
      TorsionProcess refused = track(TorsionProcess.exec(dir,
          List.of(curl, "-sS", "--max-time", "20", "--socks5", proxy, url)));
      assertThat(refused.waitFor()).as(proxy).isNotEqualTo(0);
    }
  }

  @Test
  void socksAllowListRefusesOtherDestinations() throws Exception {
    TorsionProcess socks =
        track(TorsionProcess.start(dir, "socks", "--listen", "tcp:0:interface=127.0.0.1",
            "--allow", "localhost:" + httpPort));
    String proxy = "127.0.0.1:" + Integer.parseInt(socks.awaitLine(LISTENING_TCP).group(1));
    assertThat(curl("--socks5-hostname", proxy, "http://localhost:" + httpPort + "/page.bin")).isEqualTo(page);

    String curl = Peers.require("curl");
    TorsionProcess refused =
        track(TorsionProcess.exec(dir, List.of(curl, "-sS", "--max-time", "20", "--socks5", proxy,
            "http://127.0.0.1:" + httpPort + "/page.bin")));
    assertThat(refused.waitFor()).isNotEqualTo(0);
  }

  @Test
  void jsonLogLinesParseOneObjectPerLine() throws Exception {
    String python = Peers.require("python3");
    TorsionProcess server =
        track(TorsionProcess.start(dir, "--log-format", "json",
            "echo", "--listen", "tcp:0:interface=127.0.0.1", "--udp", "none"));
    server.awaitLine("echo started");
    server.terminate();
    assertThat(server.waitFor()).isEqualTo(0);
    Path log = dir.resolve("json.log");
    Files.write(log, server.stdout());

    Path check = dir.resolve("check.py");
    Files.writeString(check,
        "import json, sys\n"
            + "n = 0\n"
            + "for line in open(sys.argv[1]):\n"
            + "    o = json.loads(line)\n"
            + "    assert isinstance(o, dict) and 'formattedMessage' in o and 'level' in o, line\n"
            + "    n += 1\n"
            + "print('objects', n)\n"
            + "print('messages', ' | '.join(json.loads(l)['formattedMessage'] for l in open(sys.argv[1])))\n",
        StandardCharsets.UTF_8);
    TorsionProcess py = track(TorsionProcess.exec(dir, List.of(python, check.toString(), log.toString())));
    assertThat(py.waitFor()).as(py.output()).isEqualTo(0);
    assertThat(py.awaitLine("objects (\\d+)").group(1)).isNotEqualTo("0");
    assertThat(py.awaitLine("messages (.*)").group(1)).contains("echo listening on tcp:", "echo stopped");
  }
}
