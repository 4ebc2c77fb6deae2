package dev.torsion.runner;

import static java.nio.charset.StandardCharsets.US_ASCII;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.trial.Peers;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/**
 * {@code ./torsion web} behind a real load balancer, as issue 19 asks of it.
 *
 * <p>Behind Debian's HAProxy (TCP mode, started by the test) with {@code --listen haproxy:...}:
 * curl connects from 127.0.0.2 and the access log names 127.0.0.2, not HAProxy's 127.0.0.1, for
 * PROXY v1 and v2 and for TLS passed through HAProxy to Torsion.
 *
 * <p>Rolling restarts: several processes serve one site while wrk (Debian's) keeps 16 keep-alive
 * connections busy; a process gets SIGTERM and, after it, wrk reports not one failed request:
 * with SO_REUSEPORT (the kernel spreads connections over the processes on the port), and behind
 * HAProxy with each process restarted in turn. Those processes write their access log to stdout,
 * so the test waits on log lines from wrk's requests (by its User-Agent) to know who served what.
 */
class LoadBalancerInteropTest {
  private static final String LISTENING = "listening on \\S+ \\(127\\.0\\.0\\.1:(\\d+)\\)";
  private static final String AGENT = "torsion-rolling-restart";
  private static final String FROM_WRK = Pattern.quote("\"" + AGENT + "\"");

  @TempDir Path dir;
  private final List<TorsionProcess> processes = new ArrayList<>();

  @AfterEach
  void stop() {
    processes.forEach(TorsionProcess::close);
  }

  private TorsionProcess started(TorsionProcess p) {
    processes.add(p);
    return p;
  }

  /** {@code ./torsion web} serving who.txt (its name), its access log on stdout. */
  private TorsionProcess web(String name, String listen) throws Exception {
    Path www = Files.createDirectories(dir.resolve("www-" + name));
    Files.writeString(www.resolve("who.txt"), name);
    TorsionProcess p = started(TorsionProcess.start(dir, "--shutdown-timeout", "20", "web",
        "--listen", listen, "--path", www.toString(), "--access-log", "/dev/stdout"));
    p.awaitLine(LISTENING);
    return p;
  }

  /**
   * wrk until told to stop (SIGINT makes it print its report), against {@code port}. Its output
   * is block-buffered in a pipe: the servers' access logs say when its requests arrive.
   */
  private TorsionProcess wrk(int port) throws Exception {
    String wrk = Peers.require("wrk");
    return started(TorsionProcess.exec(dir, List.of(wrk, "-t2", "-c16", "-d120s",
        "--timeout", "10s", "-H", "User-Agent: " + AGENT, "http://127.0.0.1:" + port + "/who.txt")));
  }

  /** Stops wrk; checks its report shows requests and no failure of any kind; their number. */
  private static int stopAndCheck(TorsionProcess load) throws Exception {
    load.signal("INT");
    assertThat(load.waitFor()).as(load.output()).isZero();
    String report = String.join("\n", load.stdout());
    System.out.println("wrk:\n" + report);
    // wrk prints these lines only when there is something to count.
    assertThat(report).as(report).doesNotContain("Socket errors").doesNotContain("Non-2xx");
    Matcher m = Pattern.compile("(\\d+) requests in").matcher(report);
    assertThat(m.find()).as(report).isTrue();
    return Integer.parseInt(m.group(1));
  }

  /** Asserts a process stopped cleanly, its connections drained well before the timeout. */
  private static void assertStoppedGracefully(TorsionProcess p) throws Exception {
    assertThat(p.waitFor()).isZero();
    assertThat(p.countLines("shutdown timeout passed")).isZero();
    assertThat(p.countLines("web stopped")).isEqualTo(1);
  }

  /** One GET on a new connection; the body (the name of the process that answered). */
  private static String who(int port) throws Exception {
    try (Socket s = new Socket()) {
      s.connect(new InetSocketAddress("127.0.0.1", port), 5_000);
      s.setSoTimeout(20_000);
      s.getOutputStream().write(("GET /who.txt HTTP/1.1\r\nHost: localhost\r\nConnection: close"
          + "\r\n\r\n").getBytes(US_ASCII));
      String response = new String(s.getInputStream().readAllBytes(), US_ASCII);
      return response.substring(response.indexOf("\r\n\r\n") + 4);
    }
  }

  @Test
  void twoProcessesShareAPortWithReusePortAndOneStopsUnderLoadWithoutAFailedRequest()
      throws Exception {
    Peers.require("wrk");
    int port = HAProxyProcess.freePort();
    String listen = "tcp:" + port + ":interface=127.0.0.1:reusePort=true";
    TorsionProcess a = web("a", listen);
    TorsionProcess b = web("b", listen);
    Set<String> answered = new HashSet<>();
    for (int i = 0; i < 200 && answered.size() < 2; i++) {
      answered.add(who(port)); // new connections: the kernel picks a process for each
    }
    assertThat(answered).containsExactlyInAnyOrder("a", "b");

    TorsionProcess load = wrk(port);
    a.awaitLine(FROM_WRK);
    b.awaitLine(FROM_WRK); // both serve the load
    a.terminate();
    assertStoppedGracefully(a);
    int served = b.countLines(FROM_WRK);
    b.awaitLines(FROM_WRK, served + 500); // b alone takes the whole load from here
    int requests = stopAndCheck(load);

    assertThat(requests).isPositive();
    // Every request wrk counted was logged by one of them (wrk stops without counting the last).
    assertThat(a.countLines(FROM_WRK) + b.countLines(FROM_WRK)).isGreaterThanOrEqualTo(requests);
  }

  @Test
  void aRollingRestartBehindHaproxyLosesNoRequest() throws Exception {
    Peers.require("wrk");
    int[] ports = {HAProxyProcess.freePort(), HAProxyProcess.freePort()};
    List<TorsionProcess> old = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      old.add(web("t" + (i + 1), "haproxy:tcp:" + ports[i] + ":interface=127.0.0.1"));
    }
    int front = HAProxyProcess.freePort();
    TorsionProcess haproxy = started(HAProxyProcess.start(dir, front, "send-proxy-v2", ports));

    TorsionProcess load = wrk(front);
    old.get(0).awaitLine(FROM_WRK);
    old.get(1).awaitLine(FROM_WRK);
    // One process at a time: SIGTERM, wait for it to drain and exit, start its replacement on
    // the same port, wait for HAProxy's health check to see it. wrk's keep-alive connections
    // move only when the server closes them, so the first new process gets its load when the
    // second old one stops.
    List<TorsionProcess> replacements = new ArrayList<>();
    for (int i = 0; i < 2; i++) {
      old.get(i).terminate();
      assertStoppedGracefully(old.get(i));
      replacements.add(web("t" + (i + 1) + "-new", "haproxy:tcp:" + ports[i] + ":interface=127.0.0.1"));
      haproxy.awaitLine("Server torsion/t" + (i + 1) + " is UP");
    }
    replacements.get(0).awaitLines(FROM_WRK, 100);
    int requests = stopAndCheck(load);

    assertThat(requests).isPositive();
    int logged = 0;
    for (TorsionProcess p : processes) {
      logged += p.countLines(FROM_WRK);
    }
    assertThat(logged).isGreaterThanOrEqualTo(requests);
  }

  // ---- the client's address through HAProxy --------------------------------------------------

  private Path site() throws Exception {
    Path www = Files.createDirectories(dir.resolve("www"));
    Files.writeString(www.resolve("who.txt"), "torsion\n");
    return www;
  }

  /** Serves through HAProxy, fetches with {@code curl} from 127.0.0.2, stops; the access log. */
  private String fetchThroughHaproxy(String listen, String sendProxy, List<String> curlArgs,
      String scheme) throws Exception {
    String curl = Peers.require("curl");
    Path log = dir.resolve("access.log");
    TorsionProcess web = started(TorsionProcess.start(dir, "web", "--listen", listen,
        "--path", site().toString(), "--access-log", log.toString()));
    int backend = Integer.parseInt(web.awaitLine(LISTENING).group(1));
    int front = HAProxyProcess.freePort();
    started(HAProxyProcess.start(dir, front, sendProxy, backend));

    List<String> command = new ArrayList<>(List.of(curl, "-sS", "--max-time", "20",
        "--interface", "127.0.0.2"));
    command.addAll(curlArgs);
    command.add(scheme + "://localhost:" + front + "/who.txt");
    command.addAll(1, List.of("--resolve", "localhost:" + front + ":127.0.0.1"));
    TorsionProcess fetch = TorsionProcess.exec(dir, command);
    assertThat(fetch.waitFor()).as(fetch.output()).isZero();
    assertThat(fetch.stdout()).containsExactly("torsion");

    web.terminate(); // the log is complete once the service has stopped
    assertThat(web.waitFor()).isZero();
    return Files.readString(log);
  }

  @ParameterizedTest
  @ValueSource(strings = {"send-proxy", "send-proxy-v2"})
  void theAccessLogNamesTheClientBehindHaproxy(String sendProxy) throws Exception {
    String log = fetchThroughHaproxy("haproxy:tcp:0:interface=127.0.0.1", sendProxy, List.of(),
        "http");

    assertThat(log).startsWith("127.0.0.2 - - [").contains("\"GET /who.txt HTTP/1.1\" 200 8");
    assertThat(log).doesNotContain("127.0.0.1 -");
  }

  @Test
  void tlsPassedThroughHaproxyIsEndedByTorsionWhichStillSeesTheClient() throws Exception {
    SelfSignedCertificate ca =
        SelfSignedCertificate.builder().commonName("haproxy test CA").certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca).build();
    Path pem = dir.resolve("server.pem");
    leaf.writePem(pem);
    Path caFile = Files.writeString(dir.resolve("ca.crt"), ca.certificatePem());

    // HAProxy only relays the bytes (mode tcp): the certificate curl verifies is Torsion's, and
    // the PROXY v2 header goes in plaintext before the TLS handshake.
    String log = fetchThroughHaproxy("haproxy:ssl:0:interface=127.0.0.1:privateKey="
        + Endpoints.quoteStringArgument(pem.toString()), "send-proxy-v2",
        List.of("--cacert", caFile.toString()), "https");

    assertThat(log).startsWith("127.0.0.2 - - [").contains("GET /who.txt HTTP/");
    assertThat(log).doesNotContain("127.0.0.1 -");
  }
}
