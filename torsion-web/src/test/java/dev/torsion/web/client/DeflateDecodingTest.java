package dev.torsion.web.client;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.web.interop.AgentHarness;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.zip.Deflater;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** ContentDecoderAgent with the deflate coding, zlib-wrapped and raw, streamed and capped. */
class DeflateDecodingTest {
  private static final byte[] TEXT = "deflate me ".repeat(20_000).getBytes(StandardCharsets.UTF_8);
  private AgentHarness server;

  static byte[] deflate(byte[] data, boolean raw) {
    Deflater d = new Deflater(Deflater.DEFAULT_COMPRESSION, raw);
    d.setInput(data);
    d.finish();
    byte[] out = new byte[data.length + 1024];
    int n = 0;
    while (!d.finished()) {
      n += d.deflate(out, n, out.length - n);
    }
    d.end();
    return Arrays.copyOf(out, n);
  }

  /** Serves {@code body} with Content-Encoding: deflate, in small chunks. */
  static Resource coded(byte[] body) {
    return new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request r) {
        r.setHeader("Content-Encoding", "deflate");
        r.setHeader("X-Asked", String.valueOf(r.getHeader("Accept-Encoding")));
        for (int i = 0; i < body.length; i += 777) {
          r.write(Arrays.copyOfRange(body, i, Math.min(body.length, i + 777)));
        }
        r.finish();
        return dev.torsion.web.server.Site.NOT_DONE_YET;
      }
    };
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private Response get(Resource root, long cap, byte[][] body) throws Exception {
    server = new AgentHarness(root);
    ContentDecoderAgent agent = new ContentDecoderAgent(new HttpAgent(server.reactor()), cap);
    Response r = server.call(() -> agent.request("GET", server.url("/"), null, null));
    body[0] = server.call(r::readBody);
    return r;
  }

  @Test
  void decodesZlibWrappedDeflate() throws Exception {
    byte[][] body = new byte[1][];
    Response r = get(coded(deflate(TEXT, false)), 1 << 20, body);

    assertThat(body[0]).isEqualTo(TEXT);
    assertThat(r.headers().contains("Content-Encoding")).isFalse();
    assertThat(r.headers().getFirst("X-Asked")).isEqualTo("gzip, deflate");
  }

  @Test
  void decodesRawDeflateAsBrowsersDo() throws Exception {
    byte[][] body = new byte[1][];
    get(coded(deflate(TEXT, true)), 1 << 20, body);

    assertThat(body[0]).isEqualTo(TEXT);
  }

  @Test
  void aDeflateBombFailsAtTheCap() {
    byte[] bomb = deflate(new byte[8 * 1024 * 1024], false);

    assertThatThrownBy(() -> get(coded(bomb), 1 << 20, new byte[1][]))
        .isInstanceOf(ResponseFailed.class).hasMessageContaining("more than 1048576 bytes");
  }
}
