package dev.torsion.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.ConnectError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.TimeoutError;
import dev.torsion.web.Headers;
import dev.torsion.web.server.Cookie;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The Agent against our own server, both on a real reactor. */
class AgentTest {
  private dev.torsion.web.interop.AgentHarness server;
  private dev.torsion.web.interop.AgentHarness other;
  private HttpAgent agent;

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  abstract static class Leaf extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }
  }

  private static Resource root() {
    Resource root = new Resource();
    root.putChild("port", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        return utf8(String.valueOf(((IPv4Address) r.getClientAddress()).port()));
      }
    });
    root.putChild("echo", new Leaf() {
      @Override protected byte[] renderPost(Request r) {
        return utf8(r.getHeader("Transfer-Encoding") + ":" + new String(r.getContentBytes(), StandardCharsets.UTF_8));
      }
    });
    root.putChild("headers", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        return utf8("auth=" + r.getHeader("Authorization") + " cookie=" + r.getHeader("Cookie")
            + " method=" + r.getMethod());
      }
    });
    root.putChild("redirect", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        r.redirect(r.getArg("to"));
        return new byte[0];
      }

      @Override protected byte[] renderPost(Request r) {
        r.setResponseCode(Integer.parseInt(r.getArg("code")));
        r.setHeader("Location", r.getArg("to"));
        return new byte[0];
      }
    });
    root.putChild("loop", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        r.redirect("/loop");
        return new byte[0];
      }
    });
    root.putChild("setcookie", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        r.addCookie(Cookie.of("k", "v1").path("/"));
        return utf8("set");
      }
    });
    root.putChild("bomb", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        ByteArrayOutputStream b = new ByteArrayOutputStream();
        try (GZIPOutputStream gz = new GZIPOutputStream(b)) {
          gz.write(new byte[20 * 1024 * 1024]);
        } catch (java.io.IOException e) {
          throw new AssertionError(e);
        }
        r.setHeader("Content-Encoding", "gzip");
        return b.toByteArray();
      }
    });
    root.putChild("gz", new dev.torsion.web.server.EncodingResourceWrapper(new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        return utf8("zip ".repeat(5000));
      }
    }));
    root.putChild("never", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        return Site.NOT_DONE_YET;
      }
    });
    return root;
  }

  @BeforeEach
  void start() {
    server = new dev.torsion.web.interop.AgentHarness(root());
    agent = new HttpAgent(server.reactor());
  }

  @AfterEach
  void stop() throws Exception {
    server.call(() -> agent.getPool().closeCachedConnections());
    server.close();
    if (other != null) {
      other.close();
    }
  }

  private String get(Agent a, String path) throws Exception {
    byte[] body = server.call(() -> a.request("GET", server.url(path), null, null)
        .addDeferredCallback(Response::readBody));
    return new String(body, StandardCharsets.UTF_8);
  }

  @Test
  void readsABodyAndReusesThePooledConnection() throws Exception {
    String first = get(agent, "/port");
    String second = get(agent, "/port");

    assertThat(first).isEqualTo(second).matches("\\d+");
    assertThat(server.call(() -> Deferred.succeed(agent.getPool().idleConnections()))).isEqualTo(1);
  }

  @Test
  void givesCodePhraseAndHeaders() throws Exception {
    Response r = server.call(() -> agent.request("GET", server.url("/nope"), null, null));

    assertThat(r.code()).isEqualTo(404);
    assertThat(r.phrase()).isEqualTo("Not Found");
    assertThat(r.headers().getFirst("content-type")).startsWith("text/html");
    server.call(r::readBody);
  }

  @Test
  void sendsAKnownLengthBodyAndAStreamedOneChunked() throws Exception {
    byte[] a = server.call(() -> agent.request("POST", server.url("/echo"), null,
        BodyProducer.of(utf8("fixed"))).addDeferredCallback(Response::readBody));
    BodyProducer streamed = new BodyProducer() {
      @Override public long length() {
        return -1;
      }

      @Override public Deferred<Void> startProducing(ByteConsumer consumer) {
        consumer.write(utf8("part1-"));
        consumer.write(utf8("part2"));
        return Deferred.succeed(null);
      }

      @Override public void pauseProducing() {}

      @Override public void resumeProducing() {}

      @Override public void stopProducing() {}
    };
    byte[] b = server.call(() -> agent.request("POST", server.url("/echo"), null, streamed)
        .addDeferredCallback(Response::readBody));

    assertThat(new String(a, StandardCharsets.UTF_8)).isEqualTo("null:fixed");
    assertThat(new String(b, StandardCharsets.UTF_8)).isEqualTo("chunked:part1-part2");
  }

  @Test
  void headHasNoBody() throws Exception {
    byte[] body = server.call(() -> agent.request("HEAD", server.url("/port"), null, null)
        .addDeferredCallback(Response::readBody));

    assertThat(body).isEmpty();
    assertThat(get(agent, "/port")).matches("\\d+"); // and the connection is still in step
  }

  @Test
  void refusesCrLfAndNulBeforeSendingAnything() throws Exception {
    assertThatThrownBy(() -> server.call(() -> agent.request("GET\r\nX: y", server.url("/"), null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.call(() -> agent.request("GET", server.url("/a\r\nX: y"), null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> server.call(() -> agent.request("GET", server.url("/a\0"), null, null)))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Headers().add("X-A", "v\r\nInjected: 1"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> new Headers().add("X-A\0", "v")).isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void followsRedirectsTurningPostIntoGetOn303() throws Exception {
    RedirectAgent redirects = new RedirectAgent(agent);

    assertThat(get(redirects, "/redirect?to=/headers")).isEqualTo("auth=null cookie=null method=GET");
    byte[] b = server.call(() -> redirects.request("POST", server.url("/redirect?code=303&to=/headers"),
        null, BodyProducer.of(utf8("x"))).addDeferredCallback(Response::readBody));
    assertThat(new String(b, StandardCharsets.UTF_8)).endsWith("method=GET");
  }

  @Test
  void stopsAnEndlessRedirectLoop() {
    assertThatThrownBy(() -> get(new RedirectAgent(agent, 5), "/loop"))
        .isInstanceOf(ResponseFailed.class).hasMessageContaining("more than 5 redirects");
  }

  @Test
  void aCrossOriginRedirectDropsAuthorizationAndCookie() throws Exception {
    other = new dev.torsion.web.interop.AgentHarness(root());
    RedirectAgent redirects = new RedirectAgent(agent);
    Headers h = new Headers().add("Authorization", "Bearer secret").add("Cookie", "sid=1");

    byte[] same = server.call(() -> redirects.request("GET", server.url("/redirect?to=/headers"), h, null)
        .addDeferredCallback(Response::readBody));
    byte[] cross = server.call(() -> redirects.request("GET",
        server.url("/redirect?to=" + other.url("/headers")), h, null)
        .addDeferredCallback(Response::readBody));

    assertThat(new String(same, StandardCharsets.UTF_8)).isEqualTo("auth=Bearer secret cookie=sid=1 method=GET");
    assertThat(new String(cross, StandardCharsets.UTF_8)).isEqualTo("auth=null cookie=null method=GET");
  }

  @Test
  void decodesGzipAndCapsABomb() {
    ContentDecoderAgent decoding = new ContentDecoderAgent(agent, 1024 * 1024);

    assertThat(org.assertj.core.api.Assertions.catchThrowable(() -> get(decoding, "/bomb")))
        .isInstanceOf(ResponseFailed.class).hasMessageContaining("more than 1048576");
    try {
      assertThat(get(decoding, "/gz")).isEqualTo("zip ".repeat(5000));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void keepsCookiesBetweenRequests() throws Exception {
    CookieAgent cookies = new CookieAgent(agent);

    get(cookies, "/setcookie");

    assertThat(get(cookies, "/headers")).isEqualTo("auth=null cookie=k=v1 method=GET");
  }

  @Test
  void failsWithTimeoutErrorWhenTheServerSaysNothing() {
    agent.setReadTimeout(0.3);

    assertThatThrownBy(() -> get(agent, "/never")).isInstanceOf(TimeoutError.class);
  }

  @Test
  void failsWithAConnectErrorWhenNobodyListens() throws Exception {
    int port;
    try (java.net.ServerSocket s = new java.net.ServerSocket(0)) {
      port = s.getLocalPort();
    }

    assertThatThrownBy(() -> server.call(() -> agent.request("GET", "http://127.0.0.1:" + port + "/", null, null)))
        .isInstanceOf(ConnectError.class);
  }
}
