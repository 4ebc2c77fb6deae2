package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * h2spec in strict mode against a Site with HTTP/2 on, over TLS (ALPN h2) and over h2c with
 * prior knowledge: every case passes. On h2c, 3.5/2 sends "INVALID CONNECTION PREFACE", which on
 * a port serving HTTP/1.1 too is an HTTP/1.1 request line with a bad version: answered 400 and
 * closed, which is the TCP close the case asks for.
 */
class H2specInteropTest {
  static final class Ok extends Resource {
    @Override protected byte[] renderGet(Request r) {
      return "ok\n".getBytes(StandardCharsets.UTF_8);
    }

    @Override protected byte[] renderPost(Request r) {
      return "ok\n".getBytes(StandardCharsets.UTF_8);
    }
  }

  @org.junit.jupiter.api.io.TempDir java.nio.file.Path tmp;

  @Test
  void everyStrictCasePassesOverTls() throws Exception {
    String h2spec = H2spec.path(tmp);
    java.nio.file.Path pem = tmp.resolve("server.pem");
    dev.torsion.internet.ssl.SelfSignedCertificate.builder().names("localhost").build().writePem(pem);
    try (RealServer s = new RealServer(new Ok(), site -> site.setHttp2Limits(Http2Limits.defaults()),
        "ssl:0:interface=127.0.0.1:privateKey="
            + dev.torsion.internet.endpoints.Endpoints.quoteStringArgument(pem.toString()))) {
      Processes.Result r = Processes.run(List.of(h2spec, "-h", "127.0.0.1", "-p",
          String.valueOf(s.port()), "-t", "-k", "-S", "-o", "2"));

      assertThat(r.stdout()).as(r.stdout()).containsPattern("(\\d+) tests, \\1 passed, 0 skipped, 0 failed");
    }
  }

  @Test
  void everyStrictCasePassesOverH2c() throws Exception {
    String h2spec = H2spec.path(tmp);
    try (RealServer s = new RealServer(new Ok(), site -> site.setHttp2Limits(Http2Limits.defaults()))) {
      Processes.Result r = Processes.run(List.of(h2spec, "-h", "127.0.0.1", "-p",
          String.valueOf(s.port()), "-S", "-o", "2"));

      assertThat(r.stdout()).as(r.stdout()).containsPattern("(\\d+) tests, \\1 passed, 0 skipped, 0 failed");
    }
  }
}
