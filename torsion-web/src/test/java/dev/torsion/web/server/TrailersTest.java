package dev.torsion.web.server;

import static org.assertj.core.api.Assertions.assertThat;

import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

/**
 * Trailer fields over HTTP/1.1 (RFC 9112 7.1.2) on an in-memory transport: a chunked request
 * body's trailers reach the resource, and a resource's response trailers go out as the trailer
 * section of a chunked body.
 */
class TrailersTest {
  /** Answers like a gRPC server: the body, then the status as trailers. */
  static final class Grpc extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderPost(Request r) {
      r.getResponseTrailers().add("grpc-status", "0").add("x-checksum",
          String.valueOf(r.getRequestTrailers().getFirst("x-checksum")))
          .add("Content-Length", "1"); // never a trailer (RFC 9110 6.5.1)
      if (r.getArg("whole") != null) {
        return "reply".getBytes(StandardCharsets.UTF_8);
      }
      r.write("reply".getBytes(StandardCharsets.UTF_8));
      r.finish();
      return Site.NOT_DONE_YET;
    }
  }

  private static ServerHarness server() {
    Resource root = new Resource();
    root.putChild("grpc", new Grpc());
    root.putChild("streamed", new StreamedBodyResource((r, body) -> "got "
        + new String(body, StandardCharsets.UTF_8) + " trailer "
        + r.getRequestTrailers().getFirst("x-checksum")));
    return new ServerHarness(root).connect();
  }

  private static final String CHUNKED_WITH_TRAILERS = "Transfer-Encoding: chunked\r\n\r\n"
      + "3\r\nabc\r\n0\r\nX-Checksum:  c3  \r\nX-Other: 1\r\n\r\n";

  @Test
  void aStreamedResponseEndsWithItsTrailerSection() {
    ServerHarness h = server().send("POST /grpc HTTP/1.1\r\nHost: x\r\n" + CHUNKED_WITH_TRAILERS);

    assertThat(h.output()).contains("Transfer-Encoding: chunked\r\n")
        .endsWith("\r\n5\r\nreply\r\n0\r\ngrpc-status: 0\r\nx-checksum: c3\r\n\r\n");
  }

  @Test
  void aWholeResponseIsChunkedForItsTrailersWhenTheClientSaidTeTrailers() {
    ServerHarness h = server().send("POST /grpc?whole=1 HTTP/1.1\r\nHost: x\r\nTE: trailers\r\n"
        + "Content-Length: 0\r\n\r\n");

    assertThat(h.output()).doesNotContain("Content-Length")
        .contains("Transfer-Encoding: chunked\r\n", "Trailer: grpc-status, x-checksum\r\n")
        .endsWith("\r\n5\r\nreply\r\n0\r\ngrpc-status: 0\r\nx-checksum: null\r\n\r\n");
  }

  @Test
  void aWholeResponseToAClientThatDidNotAskKeepsItsLengthAndDropsTheTrailers() {
    ServerHarness h = server().send("POST /grpc?whole=1 HTTP/1.1\r\nHost: x\r\n"
        + "Content-Length: 0\r\n\r\n");

    assertThat(h.output()).contains("Content-Length: 5\r\n").doesNotContain("grpc-status")
        .endsWith("\r\n\r\nreply");
  }

  @Test
  void aStreamedRequestBodysTrailersAreReadableWhenItEnds() {
    ServerHarness h = server().send("POST /streamed HTTP/1.1\r\nHost: x\r\n" + CHUNKED_WITH_TRAILERS);

    assertThat(h.output()).endsWith("got abc trailer c3");
  }

  @Test
  void requestTrailersAreNotRequestHeaders() {
    Request[] seen = new Request[1];
    Resource root = new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderPost(Request r) {
        seen[0] = r;
        return new byte[0];
      }
    };
    new ServerHarness(root).connect().send("POST / HTTP/1.1\r\nHost: x\r\n" + CHUNKED_WITH_TRAILERS);

    assertThat(seen[0].getRequestTrailers().getFirst("x-other")).isEqualTo("1");
    assertThat(seen[0].getHeader("x-checksum")).isNull();
  }

  @Test
  void tooManyTrailerFieldsAre431() {
    Resource root = new Resource();
    root.putChild("grpc", new Grpc());
    ServerHarness h = new ServerHarness(root);
    h.site.setMaxHeaderCount(2);
    h.connect().send("POST /grpc HTTP/1.1\r\nHost: x\r\nTransfer-Encoding: chunked\r\n\r\n"
        + "0\r\na: 1\r\nb: 2\r\nc: 3\r\n\r\n");

    assertThat(h.output()).startsWith("HTTP/1.1 431 ");
  }
}
