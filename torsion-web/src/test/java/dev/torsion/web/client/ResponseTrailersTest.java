package dev.torsion.web.client;

import static dev.torsion.trial.Trial.failureResultOf;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.web.Headers;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.CookieManager;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * {@link Response#trailers} over HTTP/1.1: the agent on an in-memory reactor against a server
 * that writes canned chunked responses, with and without a trailer section, one with fields
 * that may not be trailers, one past the limit; and the wrappers handing the trailers through.
 */
class ResponseTrailersTest {
  private static final String CHUNKED = "HTTP/1.1 200 OK\r\nTransfer-Encoding: chunked\r\n";

  private static final Map<String, byte[]> ANSWERS = Map.of(
      "/trailers", latin1(CHUNKED + "\r\n5\r\nhello\r\n0\r\nX-Checksum: abc\r\n"
          + "Grpc-Status: 0\r\n\r\n"),
      "/length", latin1("HTTP/1.1 200 OK\r\nContent-Length: 5\r\n\r\nhello"),
      "/chunked", latin1(CHUNKED + "\r\n5\r\nhello\r\n0\r\n\r\n"),
      "/forbidden", latin1(CHUNKED + "\r\n5\r\nhello\r\n0\r\nContent-Length: 99\r\n"
          + "Transfer-Encoding: gzip\r\nHost: evil.example\r\nAuthorization: Basic eDp5\r\n"
          + "Set-Cookie: stolen=1\r\nContent-Type: text/evil\r\nCookie: a=b\r\nPragma: no-cache\r\n"
          + "Max-Forwards: 1\r\nWarning: 110 - stale\r\nX-Kept: yes\r\n\r\n"),
      "/big", latin1(CHUNKED + "\r\n5\r\nhello\r\n0\r\nX-Big: " + "b".repeat(2000)
          + "\r\n\r\n"),
      "/gzip", gzipped(),
      "/moved", latin1("HTTP/1.1 302 Found\r\nLocation: /trailers\r\nContent-Length: 0\r\n\r\n"),
      "/cookie", latin1(CHUNKED + "Set-Cookie: k=v; Path=/\r\n\r\n2\r\nok\r\n0\r\n"
          + "X-Checksum: c00k\r\n\r\n"));

  private final MemoryBackend backend = new MemoryBackend(CannedServer::new);
  private final HttpAgent http = new HttpAgent(backend.reactor);

  /** Answers each request (read up to its blank line) with the canned bytes for its path. */
  private static final class CannedServer extends Protocol {
    private final StringBuilder in = new StringBuilder();

    @Override public void dataReceived(byte[] data) {
      in.append(new String(data, StandardCharsets.ISO_8859_1));
      int end;
      while ((end = in.indexOf("\r\n\r\n")) >= 0) {
        String path = in.substring(in.indexOf(" ") + 1, in.indexOf(" HTTP/1.1"));
        in.delete(0, end + 4);
        transport.write(ANSWERS.get(path));
      }
    }
  }

  private static byte[] latin1(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static byte[] gzipped() {
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write("hello, decoded".getBytes(StandardCharsets.UTF_8));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    all.writeBytes(latin1(CHUNKED + "Content-Encoding: gzip\r\n\r\n"
        + Integer.toHexString(gz.size()) + "\r\n"));
    all.writeBytes(gz.toByteArray());
    all.writeBytes(latin1("\r\n0\r\nX-Checksum: gz\r\n\r\n"));
    return all.toByteArray();
  }

  private Response get(Agent agent, String path) {
    Deferred<Response> d = agent.request("GET", "http://backend.local" + path, null, null);
    backend.flush();
    return successResultOf(d);
  }

  private String read(Response r) {
    Deferred<byte[]> body = r.readBody();
    backend.flush();
    return new String(successResultOf(body), StandardCharsets.UTF_8);
  }

  @Test
  void aChunkedTrailerSectionIsTheResponsesTrailersOnceTheBodyIsRead() {
    Response r = get(http, "/trailers");

    assertThat(read(r)).isEqualTo("hello");
    assertThat(r.trailers().getFirst("x-checksum")).isEqualTo("abc");
    assertThat(r.trailers().getFirst("Grpc-Status")).isEqualTo("0");
    assertThat(r.headers().contains("X-Checksum")).as("not merged into the head").isFalse();
    assertThat(http.getPool().idleConnections()).as("the connection is reused").isEqualTo(1);
  }

  @Test
  void aBodyProtocolMayReadTheTrailersWhenItHearsResponseDone() {
    Response r = get(http, "/trailers");
    String[] seen = new String[1];

    r.deliverBody(new Protocol() {
      @Override public void connectionLost(Failure reason) {
        reason.trap(ResponseDone.class);
        seen[0] = r.trailers().getFirst("X-Checksum");
      }
    });
    backend.flush();

    assertThat(seen[0]).isEqualTo("abc");
  }

  @Test
  void trailersAskedForBeforeTheBodyIsReadAreAnError() {
    Response r = get(http, "/trailers");

    assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("whole body");
  }

  @Test
  void aResponseWithoutATrailerSectionHasEmptyTrailers() {
    Response sized = get(http, "/length");
    read(sized);
    Response chunked = get(http, "/chunked");
    read(chunked);

    assertThat(sized.trailers().size()).isZero();
    assertThat(chunked.trailers().size()).isZero();
  }

  @Test
  void fieldsThatMayNotBeTrailersAreDropped() {
    Response r = get(http, "/forbidden");

    assertThat(read(r)).isEqualTo("hello");
    Headers t = r.trailers();
    assertThat(t.names()).containsExactly("X-Kept");
    assertThat(r.headers().contains("Content-Type")).isFalse();
    assertThat(r.length()).isEqualTo(-1);
  }

  @Test
  void aTrailerSectionPastTheHeaderLimitFailsTheBodyAndDropsTheConnection() {
    http.setMaxResponseHeaderBytes(1024);
    Response r = get(http, "/big");

    Deferred<byte[]> body = r.readBody();
    backend.flush();

    Failure f = failureResultOf(body, ResponseFailed.class);
    assertThat(f.getErrorMessage()).contains("trailer section too large");
    assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("did not end normally");
    assertThat(http.getPool().idleConnections()).isZero();
    assertThat(backend.allClosed()).isTrue();
  }

  @Test
  void aDecodedResponseHandsTheTrailersThrough() {
    Response r = get(new ContentDecoderAgent(http), "/gzip");

    assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
    assertThat(read(r)).isEqualTo("hello, decoded");
    assertThat(r.trailers().getFirst("X-Checksum")).isEqualTo("gz");
  }

  @Test
  void redirectsAndCookiesHandTheFinalResponsesTrailersThrough() throws Exception {
    CookieManager jar = new CookieManager();
    Response moved = get(new RedirectAgent(http), "/moved");
    Response cookie = get(new CookieAgent(http, jar), "/cookie");

    assertThat(read(moved)).isEqualTo("hello");
    assertThat(moved.trailers().getFirst("X-Checksum")).isEqualTo("abc");
    assertThat(read(cookie)).isEqualTo("ok");
    assertThat(cookie.trailers().getFirst("X-Checksum")).isEqualTo("c00k");
    assertThat(jar.getCookieStore().get(URI.create("http://backend.local/"))).hasSize(1);
  }
}
