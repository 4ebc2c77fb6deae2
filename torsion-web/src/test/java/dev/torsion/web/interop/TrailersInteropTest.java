package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Trailers with real peers: a gRPC-style resource writes its body, then {@code grpc-status} and
 * the request's own {@code x-checksum} trailer as response trailers. python3-h2 sends request
 * trailers over h2c and reads the response's; nghttp shows them as the stream's last HEADERS;
 * curl reads them from an HTTP/1.1 chunked body.
 */
class TrailersInteropTest {
  @TempDir Path tmp;

  static final class Grpc extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderPost(Request r) {
      r.write(("reply to " + r.getContentLength() + " bytes over " + r.getClientProto() + "\n")
          .getBytes(StandardCharsets.UTF_8));
      r.getResponseTrailers().add("grpc-status", "0")
          .add("x-checksum", String.valueOf(r.getRequestTrailers().getFirst("x-checksum")));
      r.finish();
      return Site.NOT_DONE_YET;
    }
  }

  private static Resource root() {
    Resource root = new Resource();
    root.putChild("grpc", new Grpc());
    return root;
  }

  private static final String H2_CLIENT = """
      import socket, sys, h2.connection, h2.events, h2.config
      s = socket.create_connection(("127.0.0.1", int(sys.argv[1])), timeout=10)
      c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True))
      c.initiate_connection()
      c.send_headers(1, [(":method", "POST"), (":scheme", "http"), (":authority", "localhost"),
                         (":path", "/grpc"), ("te", "trailers")])
      c.send_data(1, b"hello")
      c.send_headers(1, [("x-checksum", "c3")], end_stream=True)
      s.sendall(c.data_to_send())
      done = False
      while not done:
          data = s.recv(65535)
          if not data:
              break
          for e in c.receive_data(data):
              if isinstance(e, h2.events.ResponseReceived):
                  print("headers", dict(e.headers)[b":status"].decode())
              elif isinstance(e, h2.events.DataReceived):
                  print("data", e.data.decode().strip())
                  c.acknowledge_received_data(e.flow_controlled_length, 1)
              elif isinstance(e, h2.events.TrailersReceived):
                  print("trailers", " ".join(k.decode() + "=" + v.decode() for k, v in e.headers))
              elif isinstance(e, h2.events.StreamEnded):
                  print("ended")
                  done = True
          s.sendall(c.data_to_send())
      c.close_connection()
      s.sendall(c.data_to_send())
      s.close()
      """;

  @Test
  void python3H2SendsRequestTrailersAndReadsTheResponsesAfterTheBody() throws Exception {
    String python = Peers.requirePython("h2");
    Path script = tmp.resolve("client.py");
    Files.writeString(script, H2_CLIENT);
    try (RealServer server = new RealServer(root(), site -> { })) {
      Processes.Result r = Processes.run(List.of(python, script.toString(),
          String.valueOf(server.port())));

      assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
      assertThat(r.stdout()).isEqualTo("headers 200\ndata reply to 5 bytes over HTTP/2\n"
          + "trailers grpc-status=0 x-checksum=c3\nended\n");
    }
  }

  @Test
  void nghttpSeesTheTrailersAsTheLastHeadersOfTheStream() throws Exception {
    String nghttp = Peers.require("nghttp");
    Path body = Files.writeString(tmp.resolve("body"), "hello");
    try (RealServer server = new RealServer(root(), site -> { })) {
      Processes.Result r = Processes.run(List.of(nghttp, "-v", "--timeout=10", "-d",
          body.toString(), server.url("/grpc")));
      String out = r.stdout();

      assertThat(r.exit()).as(out + r.stderr()).isZero();
      assertThat(out).as(out).contains("reply to 5 bytes over HTTP/2");
      int data = out.lastIndexOf("recv DATA frame");
      int trailers = out.indexOf("grpc-status: 0");
      assertThat(trailers).as(out).isGreaterThan(data).isGreaterThan(0);
      assertThat(out.substring(data)).as(out).containsPattern(
          "recv HEADERS frame <[^>]*flags=0x05[^>]*stream_id=13>");
    }
  }

  @Test
  void curlReadsTheTrailerSectionOfAChunkedHttp11Body() throws Exception {
    try (RealServer server = new RealServer(root(), site -> { })) {
      Processes.Result r = Processes.curlOk(10, "-i", "--http1.1", "-H", "TE: trailers",
          "--data-binary", "hello", server.url("/grpc"));

      assertThat(r.stdout()).as(r.stdout()).startsWith("HTTP/1.1 200")
          .contains("Transfer-Encoding: chunked", "reply to 5 bytes over HTTP/1.1\n")
          .containsPattern("reply to 5 bytes over HTTP/1.1\n(?s).*grpc-status: 0\r\n");
    }
  }
}
