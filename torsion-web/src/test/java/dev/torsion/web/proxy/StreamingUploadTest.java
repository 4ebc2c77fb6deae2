package dev.torsion.web.proxy;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** Request bodies stream through ReverseProxyResource while they arrive, with backpressure. */
class StreamingUploadTest {
  private ProxyRig rig;
  private final UploadSink sink = new UploadSink();
  private ReverseProxyResource proxyResource;

  private ProxyRig rig() {
    Resource backendRoot = Backend.root();
    backendRoot.putChild("sink", sink);
    rig = new ProxyRig(backendRoot, agent -> {
      Resource root = new Resource();
      proxyResource = new ReverseProxyResource("backend.local", 8080, "", agent);
      root.putChild("app", proxyResource);
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

  private static byte[] pattern(int size) {
    byte[] b = new byte[size];
    for (int i = 0; i < size; i++) {
      b[i] = (byte) (i * 31 + (i >>> 11));
    }
    return b;
  }

  /** Pumps until the backend has seen body bytes; fails if everything goes quiet first. */
  private void pumpUntilTheBackendHasBytes(ProxyRig r) {
    while (!sink.firstBytes.called()) {
      assertThat(r.step()).as("progress before the backend saw a byte").isTrue();
    }
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void theBackendReceivesTheFirstBytesBeforeTheClientHasSentTheRest() {
    ProxyRig r = rig();
    byte[] upload = pattern(1024 * 1024);
    r.client.send("PUT /app/sink HTTP/1.1\r\nHost: x\r\nContent-Length: " + upload.length
        + "\r\n\r\n");
    r.client.sendBytes(Arrays.copyOfRange(upload, 0, upload.length / 2));

    pumpUntilTheBackendHasBytes(r);
    r.flush();
    assertThat(sink.received).isPositive().isLessThanOrEqualTo(upload.length / 2);
    assertThat(r.client.received).isZero(); // no answer yet: the body is not complete

    r.client.sendBytes(Arrays.copyOfRange(upload, upload.length / 2, upload.length));
    r.flush();

    assertThat(body(r.client.text())).isEqualTo("received=" + upload.length + "\nsha256="
        + Backend.sha256(upload) + "\n");
  }

  @Test
  void aLargeUploadToASlowBackendKeepsTheProxysBuffersBounded() {
    ProxyRig r = rig();
    r.front.setMaxBytesPerPump(64 * 1024); // the proxy's socket reads
    byte[] upload = pattern(64 * 1024 * 1024); // 4 times Site's default body limit
    String head = "PUT /app/sink HTTP/1.1\r\nHost: x\r\nContent-Length: " + upload.length
        + "\r\n\r\n";
    r.client.send(head);
    r.client.sendBytes(upload);
    long sent = head.length() + (long) upload.length;

    long maxHeld = 0;
    while (r.step()) {
      if (r.backendPumps.size() == 1) {
        r.backendPumps.get(0).setMaxBytesPerPump(16 * 1024); // the backend reads slowly
      }
      // Bytes the proxy has taken from the client but the backend has not yet received.
      long taken = sent - r.front.clientTransport().getWriteBufferSize();
      maxHeld = Math.max(maxHeld, taken - sink.received);
    }

    assertThat(body(r.client.text())).isEqualTo("received=" + upload.length + "\nsha256="
        + Backend.sha256(upload) + "\n");
    // Without backpressure the proxy would read the client as fast as it sends: 64 MiB held.
    assertThat(maxHeld).isLessThan(512 * 1024);
  }

  @Test
  void aChunkedUploadStreamsChunkedToTheBackend() {
    ProxyRig r = rig();
    r.client.send("POST /app/echo HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "5\r\nhello\r\n1;ext=1\r\n \r\n");
    r.flush();
    r.client.send("5\r\nworld\r\n0\r\nX-Trailer: t\r\n\r\n");
    r.flush();

    byte[] expected = "hello world".getBytes(StandardCharsets.US_ASCII);
    assertThat(body(r.client.text())).contains("method=POST\n", "transfer-encoding=chunked\n",
        "length=11\n", "sha256=" + Backend.sha256(expected) + "\n");
  }

  @Test
  void aChunkedUploadReachesTheBackendChunkByChunk() {
    ProxyRig r = rig();
    r.client.send("POST /app/sink HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "6\r\nfirst \r\n");

    pumpUntilTheBackendHasBytes(r);
    assertThat(sink.received).isEqualTo(6);

    r.client.send("6\r\nsecond\r\n0\r\n\r\n");
    r.flush();
    assertThat(body(r.client.text())).isEqualTo("received=12\nsha256="
        + Backend.sha256("first second".getBytes(StandardCharsets.US_ASCII)) + "\n");
  }

  @Test
  void theClientLeavingMidUploadCancelsTheBackendRequest() {
    ProxyRig r = rig();
    r.client.send("PUT /app/sink HTTP/1.1\r\nHost: x\r\nContent-Length: 100000\r\n\r\n");
    r.client.sendBytes(pattern(30000));
    pumpUntilTheBackendHasBytes(r);

    r.client.close();
    r.flush();

    assertThat(r.backendPumps).hasSize(1);
    assertThat(r.backendPumps.get(0).serverTransport().isClosed()).isTrue();
    assertThat(sink.failure).isNotNull(); // the backend saw its body cut short
    assertThat(r.agent.getPool().idleConnections()).isZero();
  }

  @Test
  void aContentLengthOverTheUploadLimitGets413WithoutContactingTheBackend() {
    ProxyRig r = rig();
    proxyResource.setMaxUploadBytes(1000);
    r.client.send("PUT /app/sink HTTP/1.1\r\nHost: x\r\nContent-Length: 1001\r\n\r\n");
    r.flush();

    assertThat(r.client.text()).startsWith("HTTP/1.1 413 ");
    assertThat(r.backendPumps).isEmpty();
    assertThat(r.client.lost).isTrue();
  }

  @Test
  void aChunkedBodyGrowingPastTheUploadLimitGets413AndDropsTheBackendRequest() {
    ProxyRig r = rig();
    proxyResource.setMaxUploadBytes(1000);
    r.client.send("POST /app/sink HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "320\r\n" + "a".repeat(800) + "\r\n");
    pumpUntilTheBackendHasBytes(r);

    r.client.send("320\r\n" + "b".repeat(800) + "\r\n");
    r.flush();

    assertThat(r.client.text()).startsWith("HTTP/1.1 413 ");
    assertThat(r.backendPumps.get(0).serverTransport().isClosed()).isTrue();
    assertThat(sink.failure).isNotNull();
  }

  @Test
  void theDefaultUploadLimitIsOneGibibyteAndChildrenInheritTheLimit() {
    ProxyRig r = rig();
    assertThat(proxyResource.getMaxUploadBytes()).isEqualTo(1L << 30);
    proxyResource.setMaxUploadBytes(10);
    r.client.send("PUT /app/a/b HTTP/1.1\r\nHost: x\r\nContent-Length: 11\r\n\r\n");
    r.flush();

    assertThat(r.client.text()).startsWith("HTTP/1.1 413 ");
  }

  @Test
  void expectContinueIsAnsweredBeforeTheBodyAndNotForwarded() {
    ProxyRig r = rig();
    r.client.send("PUT /app/echo HTTP/1.1\r\nHost: x\r\nContent-Length: 5\r\n"
        + "Expect: 100-continue\r\n\r\n");
    r.flush();
    assertThat(r.client.text()).isEqualTo("HTTP/1.1 100 Continue\r\n\r\n");

    r.client.send("hello");
    r.flush();
    assertThat(r.client.text()).contains("HTTP/1.1 200 OK", "expect=null\n", "length=5\n");
  }
}
