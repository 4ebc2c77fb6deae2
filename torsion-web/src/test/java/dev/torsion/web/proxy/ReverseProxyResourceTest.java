package dev.torsion.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ReverseProxyResourceTest {
  private ProxyRig rig;

  private ProxyRig rig(int port, String path) {
    rig = new ProxyRig(Backend.root(), agent -> {
      Resource root = new Resource();
      root.putChild("app", new ReverseProxyResource("backend.local", port, path, agent));
      return root;
    });
    return rig;
  }

  @AfterEach
  void closePool() {
    if (rig != null) {
      rig.agent.getPool().closeCachedConnections();
      rig.flush();
    }
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void forwardsMethodPathQueryAndBodyWithForwardingHeaders() {
    ProxyRig r = rig(8080, "/base");

    r.client.send("POST /app/a%20b/c%2Fd?x=1&y=%7C HTTP/1.1\r\nHost: Front.example:8443\r\n"
        + "X-Forwarded-For: 1.2.3.4\r\nConnection: keep-alive, X-Secret\r\nX-Secret: s\r\n"
        + "Keep-Alive: 300\r\nProxy-Authorization: Basic eDp5\r\nX-Plain: p\r\n"
        + "Content-Length: 5\r\n\r\nhello");
    r.flush();

    String out = r.client.text();
    assertThat(out).startsWith("HTTP/1.1 200 OK\r\n");
    assertThat(body(out)).contains(
        "method=POST\n", "uri=/base/a%20b/c%2Fd?x=1&y=%7C\n", "host=backend.local:8080\n",
        "x-forwarded-for=1.2.3.4, 10.0.0.7\n", "x-forwarded-proto=http\n",
        "x-forwarded-host=Front.example:8443\n", "x-plain=p\n", "length=5\n",
        "sha256=" + Backend.sha256("hello".getBytes(StandardCharsets.UTF_8)) + "\n");
    assertThat(body(out)).contains("x-secret=null\n", "keep-alive=null\n",
        "proxy-authorization=null\n", "connection=null\n");
  }

  @Test
  void setsHostWithoutThePortForPort80AndMapsTheBareMountToTheBasePath() {
    ProxyRig r = rig(80, "/base");

    r.client.send("GET /app HTTP/1.1\r\nHost: x\r\n\r\n");
    r.flush();

    assertThat(body(r.client.text())).contains("uri=/base\n", "host=backend.local\n");
  }

  @Test
  void relaysStatusPhraseAndRepeatedHeadersButNotHopByHopOnes() {
    ProxyRig r = rig(8080, "");

    r.client.send("GET /app/cookies HTTP/1.1\r\nHost: x\r\n\r\n");
    r.flush();

    String out = r.client.text();
    String head = out.substring(0, out.indexOf("\r\n\r\n") + 2);
    assertThat(head).startsWith("HTTP/1.1 201 Made Here\r\n")
        .contains("Set-Cookie: a=1\r\n", "Set-Cookie: b=2\r\n", "X-Kept: yes\r\n",
            "Content-Length: 4\r\n")
        .doesNotContain("Keep-Alive");
    assertThat(body(out)).isEqualTo("made");
  }

  @Test
  void answers502WhenTheBackendRefusesTheConnection() {
    ProxyRig r = rig(8080, "");
    r.refuseConnections = true;

    r.client.send("GET /app/echo HTTP/1.1\r\nHost: x\r\n\r\n");
    r.flush();

    assertThat(r.client.text()).startsWith("HTTP/1.1 502 Bad Gateway\r\n")
        .contains("backend.local:8080 could not be reached");
    assertThat(r.client.lost).isFalse(); // the client connection stays usable
  }

  @Test
  void headGetsTheBackendsLengthAndNoBody() {
    ProxyRig r = rig(8080, "");

    r.client.send("HEAD /app/stream?n=1000 HTTP/1.1\r\nHost: x\r\n\r\n"
        + "GET /app/stream?n=3 HTTP/1.1\r\nHost: x\r\n\r\n");
    r.flush();

    String out = r.client.text();
    assertThat(out).contains("Content-Length: 1000\r\n");
    // The HEAD response has no body: the next response follows its head directly.
    String second = out.substring(out.indexOf("\r\n\r\n") + 4);
    assertThat(second).startsWith("HTTP/1.1 200 OK\r\n").endsWith("\r\n\r\n\u0000\u0001\u0002");
  }

  @Test
  void streamsALargeResponseToASlowClientWithBoundedBuffering() {
    ProxyRig r = rig(8080, "");
    r.front.setMaxBytesPerPump(16 * 1024); // the client reads 16 KiB per round
    long size = 64L * 1024 * 1024;

    r.client.send("GET /app/stream?n=" + size + " HTTP/1.1\r\nHost: x\r\n\r\n");
    long maxQueued = 0;
    while (r.step()) {
      maxQueued = Math.max(maxQueued, r.front.serverTransport().getWriteBufferSize());
    }

    String head = r.client.text().substring(0, r.client.text().indexOf("\r\n\r\n") + 4);
    assertThat(r.client.received - head.length()).isEqualTo(size);
    // Without backpressure the whole 64 MiB would queue for the client.
    assertThat(maxQueued).isLessThan(512 * 1024);
  }

  @Test
  void forwardsALargeUploadByteExactWithItsLength() {
    ProxyRig r = rig(8080, "");
    byte[] upload = new byte[3 * 1024 * 1024];
    for (int i = 0; i < upload.length; i++) {
      upload[i] = (byte) (i * 31);
    }

    r.client.send("PUT /app/echo HTTP/1.1\r\nHost: x\r\nContent-Length: " + upload.length
        + "\r\n\r\n");
    r.client.sendBytes(upload);
    r.flush();

    assertThat(body(r.client.text())).contains("method=PUT\n", "length=" + upload.length + "\n",
        "sha256=" + Backend.sha256(upload) + "\n", "transfer-encoding=null\n");
  }

  @Test
  void aClientGoingAwayStopsTheBackendResponse() {
    ProxyRig r = rig(8080, "");
    r.client.send("GET /app/stream HTTP/1.1\r\nHost: x\r\n\r\n"); // endless
    for (int i = 0; i < 20; i++) {
      r.step();
    }
    assertThat(r.client.received).isGreaterThan(0);

    r.client.close();
    r.flush(); // would never end if the backend kept streaming

    assertThat(r.backendPumps).hasSize(1);
    assertThat(r.backendPumps.get(0).serverTransport().isClosed()).isTrue();
  }

  @Test
  void aClientLeavingWhileTheBackendIsSilentClosesTheBackendRequest() {
    ProxyRig r = rig(8080, "");
    r.client.send("GET /app/silent HTTP/1.1\r\nHost: x\r\n\r\n");
    r.flush();
    assertThat(r.backendPumps).hasSize(1);
    assertThat(r.backendPumps.get(0).serverTransport().isClosed()).isFalse();

    r.client.close();
    r.flush();

    // The agent here has no read timeout: only the cancel can free the backend connection.
    assertThat(r.backendPumps.get(0).serverTransport().isClosed()).isTrue();
    assertThat(r.agent.getPool().idleConnections()).isZero();
  }

  @Test
  void theProxysOwnAgentAnswers504AfterTheDefaultReadTimeout() {
    rig = new ProxyRig(Backend.root(), (agent, reactor) -> {
      Resource root = new Resource();
      root.putChild("app", new ReverseProxyResource("backend.local", 8080, "", reactor));
      return root;
    });
    rig.client.send("GET /app/silent HTTP/1.1\r\nHost: x\r\n\r\n");
    rig.flush();

    rig.clock.advance(ReverseProxyResource.DEFAULT_READ_TIMEOUT - 1);
    rig.flush();
    assertThat(rig.client.received).isZero();
    rig.clock.advance(1);
    rig.flush();

    assertThat(rig.client.text()).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
    assertThat(rig.backendPumps.get(0).serverTransport().isClosed()).isTrue();
  }

  @Test
  void theReadTimeoutOfTheProxysOwnAgentIsConfigurable() {
    rig = new ProxyRig(Backend.root(), (agent, reactor) -> {
      Resource root = new Resource();
      root.putChild("app", new ReverseProxyResource("backend.local", 8080, "", reactor, 5));
      return root;
    });
    rig.client.send("GET /app/silent HTTP/1.1\r\nHost: x\r\n\r\n");
    rig.flush();

    rig.clock.advance(5);
    rig.flush();

    assertThat(rig.client.text()).startsWith("HTTP/1.1 504 Gateway Timeout\r\n");
  }

  @Test
  void keepsTheBackendConnectionForTheNextRequest() {
    ProxyRig r = rig(8080, "");

    r.client.send("GET /app/echo HTTP/1.1\r\nHost: x\r\n\r\n");
    r.flush();
    r.client.send("GET /app/echo/2 HTTP/1.1\r\nHost: x\r\n\r\n");
    r.flush();

    assertThat(r.client.text()).contains("uri=/echo\n", "uri=/echo/2\n");
    assertThat(r.reactor.tcpClients).hasSize(1);
  }
}
