package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import dev.torsion.trial.Peers;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.WebSocket;
import java.net.http.WebSocketHandshakeException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/WebSocketChat.java, run as {@code ./torsion run examples/WebSocketChat.java --
 * tcp:PORT}, with Debian's headless Chromium loading its page and chatting with a second client
 * (the JDK's own {@code java.net.http.WebSocket}). The test drives the page through Chromium's
 * DevTools protocol (a WebSocket too: {@code --remote-debugging-port}), filling the forms as a
 * person would and reading what the page shows; waits are promises in the page that resolve
 * when a line appears, never sleeps.
 *
 * <p>Checked: the browser's nick and line reach the other client, the other client's line
 * shows up in the page, the subprotocol and permessage-deflate Chromium agreed, the origin check
 * (the page's own origin is let in; Chromium's handshake to another host, and a client claiming
 * another origin, get 403), the message limit (a line past 2048 bytes closes with 1009), nicks
 * (checked, unique whatever their case) and binary messages (closed with 1003).
 */
class WebSocketChatBrowserTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final long DEADLINE = 30;

  @TempDir Path profile;

  @Test
  void chromiumChatsWithAnotherClient() throws Exception {
    String chromium = Peers.require("chromium");
    try (ExampleProcess server = ExampleProcess.torsion(new String[0],
        "run", "examples/WebSocketChat.java", "--", "tcp:0:interface=127.0.0.1")) {
      int port = server.awaitListeningPort();
      String site = "http://127.0.0.1:" + port;
      HttpClient http = HttpClient.newHttpClient();

      // Another site's page (or a script claiming to be one) is refused.
      assertThatThrownBy(() -> Client.connect(http, port, "http://evil.example"))
          .hasCauseInstanceOf(WebSocketHandshakeException.class)
          .satisfies(e -> assertThat(((WebSocketHandshakeException) e.getCause()).getResponse()
              .statusCode()).isEqualTo(403));

      Client jdk = Client.connect(http, port, site);
      assertThat(jdk.next()).isEqualTo("* welcome: send your nick");
      jdk.send("jdk");
      assertThat(jdk.next()).isEqualTo("* here already: nobody");
      assertThat(jdk.next()).isEqualTo("* jdk joined");

      // Nicks are checked and unique (case aside); binary is not chat.
      Client other = Client.connect(http, port, site);
      assertThat(other.next()).isEqualTo("* welcome: send your nick");
      other.send("JDK");
      assertThat(other.next()).isEqualTo("! JDK is taken, pick another");
      other.send("<script>");
      assertThat(other.next()).isEqualTo("! a nick is 1-24 letters, digits, '_' or '-'");
      other.ws.sendBinary(java.nio.ByteBuffer.wrap(new byte[] {1, 2, 3}), true).join();
      assertThat(other.closed.get(DEADLINE, TimeUnit.SECONDS)).isEqualTo(1003);

      try (ExampleProcess browser = ExampleProcess.command(profile, List.of(chromium,
          "--headless", "--no-sandbox", "--disable-gpu", "--disable-quic", "--no-first-run",
          "--disable-background-networking", "--disable-component-update", "--disable-sync",
          "--user-data-dir=" + profile.resolve("profile"), "--remote-debugging-port=0",
          "about:blank"))) {
        String devtools = browser.awaitLine("DevTools listening on (ws://\\S+)").group(1);
        try (Cdp page = Cdp.attachToPage(http, devtools)) {
          page.navigate(site + "/");
          page.waitForLine("* welcome: send your nick");
          assertThat(page.eval("ws.protocol + ' ' + ws.extensions").asText())
              .isEqualTo("chat permessage-deflate");

          page.eval("document.getElementById('nick').value = 'chromium';"
              + "document.getElementById('join').requestSubmit()");
          page.waitForLine("* here already: jdk");
          page.waitForLine("* chromium joined");
          assertThat(jdk.next()).isEqualTo("* chromium joined");

          page.eval("document.getElementById('text').value = 'hello from chromium';"
              + "document.getElementById('say').requestSubmit()");
          assertThat(jdk.next()).isEqualTo("<chromium> hello from chromium");
          page.waitForLine("<chromium> hello from chromium");

          jdk.send("hello, browser");
          page.waitForLine("<jdk> hello, browser");
          assertThat(jdk.next()).isEqualTo("<jdk> hello, browser");

          // Chromium's own handshake from this page to the same server under another name
          // carries Origin http://127.0.0.1:PORT for Host localhost:PORT: refused with 403,
          // which the page cannot see but the DevTools' network events show.
          page.call("Network.enable", JSON.createObjectNode());
          assertThat(page.eval("new Promise(r => { const w = new WebSocket('ws://localhost:"
              + port + "/chat'); w.onopen = () => r('open'); w.onerror = () => r('refused'); })")
              .asText()).isEqualTo("refused");
          assertThat(page.events("Network.webSocketWillSendHandshakeRequest"))
              .extracting(e -> e.path("request").path("headers").path("Origin").asText())
              .containsExactly(site);
          assertThat(page.events("Network.webSocketFrameError"))
              .extracting(e -> e.path("errorMessage").asText())
              .containsExactly("Error during WebSocket handshake: Unexpected response code: 403");

          // Past the limit: the server closes with 1009, and the others hear that chromium left.
          page.eval("ws.send('x'.repeat(3000))");
          page.waitForLine("* disconnected (1009", true);
          assertThat(jdk.next()).isEqualTo("* chromium left");
        }
        browser.terminate();
        browser.waitFor();
      }
      jdk.close();
      server.terminate();
      assertThat(server.waitFor()).as(server.output()).isZero();
    }
  }

  /** A chat client on the JDK's WebSocket, each text message queued whole. */
  private static final class Client implements WebSocket.Listener {
    private final BlockingQueue<String> received = new LinkedBlockingQueue<>();
    private final StringBuilder partial = new StringBuilder();
    private final CompletableFuture<Integer> closed = new CompletableFuture<>();
    private WebSocket ws;

    static Client connect(HttpClient http, int port, String origin) {
      Client c = new Client();
      c.ws = http.newWebSocketBuilder().header("Origin", origin).subprotocols("chat")
          .connectTimeout(Duration.ofSeconds(DEADLINE))
          .buildAsync(URI.create("ws://127.0.0.1:" + port + "/chat"), c).join();
      return c;
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        received.add(partial.toString());
        partial.setLength(0);
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public CompletionStage<?> onClose(WebSocket webSocket, int statusCode, String reason) {
      closed.complete(statusCode);
      return null;
    }

    void send(String line) {
      ws.sendText(line, true).join();
    }

    String next() throws InterruptedException {
      String m = received.poll(DEADLINE, TimeUnit.SECONDS);
      assertThat(m).as("a chat message within " + DEADLINE + " s").isNotNull();
      return m;
    }

    void close() {
      ws.sendClose(WebSocket.NORMAL_CLOSURE, "").join();
    }
  }

  /** One page's DevTools connection: Runtime.evaluate, answered by id. */
  private static final class Cdp implements WebSocket.Listener, AutoCloseable {
    private final Map<Integer, CompletableFuture<JsonNode>> pending = new ConcurrentHashMap<>();
    private final List<JsonNode> events = new java.util.concurrent.CopyOnWriteArrayList<>();
    private final AtomicInteger ids = new AtomicInteger();
    private final StringBuilder partial = new StringBuilder();
    private WebSocket ws;

    /** Finds the browser's one page (about:blank) and connects to its debugger WebSocket. */
    static Cdp attachToPage(HttpClient http, String browserUrl) throws Exception {
      URI list = URI.create(browserUrl.replaceFirst("^ws://([^/]+)/.*$", "http://$1/json/list"));
      String pageUrl = null;
      for (JsonNode t : JSON.readTree(http.send(HttpRequest.newBuilder(list).build(),
          HttpResponse.BodyHandlers.ofString()).body())) {
        if (t.path("type").asText().equals("page")) {
          pageUrl = t.path("webSocketDebuggerUrl").asText();
        }
      }
      assertThat(pageUrl).as("a page target in " + list).isNotNull();
      Cdp cdp = new Cdp();
      cdp.ws = http.newWebSocketBuilder().buildAsync(URI.create(pageUrl), cdp).join();
      return cdp;
    }

    /** Sends one DevTools command and waits for its answer's result. */
    JsonNode call(String method, ObjectNode params) throws Exception {
      int id = ids.incrementAndGet();
      ObjectNode call = JSON.createObjectNode().put("id", id).put("method", method);
      call.set("params", params);
      CompletableFuture<JsonNode> answer = new CompletableFuture<>();
      pending.put(id, answer);
      ws.sendText(JSON.writeValueAsString(call), true).join();
      JsonNode reply = answer.get(DEADLINE + 5, TimeUnit.SECONDS);
      assertThat(reply.has("error")).as("%s failed: %s", method, reply).isFalse();
      return reply.path("result");
    }

    /** The parameters of every event {@code method} received so far (once its domain is enabled). */
    List<JsonNode> events(String method) {
      return events.stream().filter(e -> e.path("method").asText().equals(method))
          .map(e -> e.path("params")).toList();
    }

    /** Goes to {@code url} and waits until it has loaded. */
    void navigate(String url) throws Exception {
      call("Page.navigate", JSON.createObjectNode().put("url", url));
      // Page.navigate answers once the new document is committed; its load may still be ahead.
      assertThat(eval("new Promise(r => document.readyState === 'complete' ? r(location.href)"
          + " : addEventListener('load', () => r(location.href)))").asText()).isEqualTo(url);
    }

    /** Evaluates {@code expression} in the page (awaiting it if it is a promise); its value. */
    JsonNode eval(String expression) throws Exception {
      JsonNode result = call("Runtime.evaluate", JSON.createObjectNode()
          .put("expression", expression).put("awaitPromise", true).put("returnByValue", true));
      assertThat(result.has("exceptionDetails")).as("%s threw %s", expression, result).isFalse();
      return result.path("result").path("value");
    }

    void waitForLine(String line) throws Exception {
      waitForLine(line, false);
    }

    /** Resolves when the page's log shows {@code line} (or a line starting with it). */
    void waitForLine(String line, boolean prefix) throws Exception {
      String text = JSON.writeValueAsString(line);
      String match = prefix ? "li.textContent.startsWith(" + text + ")" : "li.textContent === " + text;
      JsonNode found = eval("new Promise(resolve => {"
          + " const seen = () => [...document.querySelectorAll('#log li')].some(li => " + match + ");"
          + " if (seen()) { resolve(true); return; }"
          + " const o = new MutationObserver(() => { if (seen()) { o.disconnect(); resolve(true); } });"
          + " o.observe(document.getElementById('log'), {childList: true});"
          + " setTimeout(() => resolve(document.getElementById('log').innerText), " + DEADLINE * 1000 + ");"
          + "})");
      assertThat(found.asText()).as("the page shows " + line).isEqualTo("true");
    }

    @Override
    public CompletionStage<?> onText(WebSocket webSocket, CharSequence data, boolean last) {
      partial.append(data);
      if (last) {
        try {
          JsonNode m = JSON.readTree(partial.toString());
          CompletableFuture<JsonNode> f = m.has("id") ? pending.remove(m.get("id").asInt()) : null;
          if (f != null) {
            f.complete(m);
          } else if (m.has("method")) {
            events.add(m);
          }
        } catch (Exception e) {
          throw new CompletionException(e);
        } finally {
          partial.setLength(0);
        }
      }
      webSocket.request(1);
      return null;
    }

    @Override
    public void close() {
      ws.abort();
    }
  }
}
