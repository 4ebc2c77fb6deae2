package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.trial.Peers;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Debian's headless Chromium loads a page over TLS with ALPN h2 and opens a WebSocket from it to
 * the same origin: Chromium puts the WebSocket on the HTTP/2 connection it already holds, as
 * an extended CONNECT (RFC 8441), once our SETTINGS allowed it. The server sees the WebSocket's
 * request as HTTP/2 and its messages and close as on any other.
 */
class WebSocketHttp2ChromiumInteropTest {
  private static final String PAGE = """
      <!doctype html><title>ws over h2</title><body>loading<script>
      const ws = new WebSocket("wss://" + location.host + "/ws");
      ws.onopen = () => ws.send("hello from chromium");
      ws.onmessage = e => ws.close(1000, "bye " + e.data);
      </script>
      """;

  @TempDir Path tmp;
  private final BlockingQueue<String> events = new LinkedBlockingQueue<>();

  private Resource root() {
    Resource root = new Resource();
    root.putChild("", new Resource() {
      @Override protected byte[] renderGet(Request r) {
        events.add("page " + r.getClientProto());
        r.setHeader("Content-Type", "text/html; charset=utf-8");
        return PAGE.getBytes(StandardCharsets.UTF_8);
      }
    });
    root.putChild("ws", new WebSocketResource(r -> {
      events.add("websocket " + r.getClientProto() + " " + r.getMethod());
      return new WebSocketProtocol() {
        @Override public void textMessageReceived(String message) {
          events.add("text " + message);
          sendText(message.length() + "");
        }

        @Override public void onClose(int code, String reason) {
          events.add("close " + code + " " + reason);
        }
      };
    }));
    return root;
  }

  @Test
  void chromiumOpensItsWebSocketAsAnExtendedConnectOnTheHttp2Connection() throws Exception {
    String chromium = Peers.require("chromium");
    SelfSignedCertificate cert = SelfSignedCertificate.builder().names("localhost").build();
    Path pem = tmp.resolve("server.pem");
    cert.writePem(pem);
    try (RealServer server = new RealServer(root(), site -> { }, "ssl:0:interface=127.0.0.1:"
        + "privateKey=" + Endpoints.quoteStringArgument(pem.toString()))) {
      ProcessBuilder pb = new ProcessBuilder(chromium, "--headless", "--no-sandbox",
          "--disable-gpu", "--disable-quic", "--no-first-run", "--disable-background-networking",
          "--disable-component-update", "--disable-sync", "--ignore-certificate-errors",
          "--user-data-dir=" + tmp.resolve("profile"), server.httpsUrl("/"))
          .redirectErrorStream(true).redirectOutput(tmp.resolve("chromium.log").toFile());
      Process browser = pb.start();
      List<String> seen = new ArrayList<>();
      try {
        while (seen.size() < 4) {
          String e = events.poll(30, TimeUnit.SECONDS);
          assertThat(e).as("server events so far: " + seen).isNotNull();
          seen.add(e);
        }
      } finally {
        browser.descendants().forEach(ProcessHandle::destroyForcibly);
        browser.destroyForcibly();
        browser.waitFor(10, TimeUnit.SECONDS);
      }

      assertThat(seen).containsExactly("page HTTP/2", "websocket HTTP/2 CONNECT",
          "text hello from chromium", "close 1000 bye 19");
    }
  }
}
