package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * h2spec in strict mode against a Site with HTTP/2 on, over h2c with prior knowledge. The one
 * case left out, 3.5/2, sends "INVALID CONNECTION PREFACE" and wants a GOAWAY: on a port that
 * serves HTTP/1.1 too those bytes are an HTTP/1.1 request, answered 400.
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
  void everyStrictCaseButTheHttp11LookalikePrefacePassesOverH2c() throws Exception {
    String h2spec = H2spec.path(tmp);
    try (RealServer s = new RealServer(new Ok(), site -> site.setHttp2Limits(Http2Limits.defaults()))) {
      Processes.Result r = Processes.run(List.of(h2spec, "-h", "127.0.0.1", "-p",
          String.valueOf(s.port()), "-S", "-o", "2"));
      String out = r.stdout();
      String failures = out.substring(Math.max(0, out.indexOf("Failures:")));

      assertThat(out).as(out).containsPattern("(\\d+) tests, \\1 passed|\\d+ tests, \\d+ passed, 0 skipped, 1 failed");
      assertThat(failures.lines().filter(l -> l.contains("\u00d7") || l.contains("Ã ")).toList())
          .as(failures).allMatch(l -> l.contains("Sends invalid connection preface"));
    }
  }
}
