package dev.torsion.web.proxy;

import dev.torsion.internet.PushProducer;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/** Backend resources for proxy tests. */
public final class Backend {
  private Backend() {}

  /**
   * The root: /echo... reports what arrived, /stream?n=BYTES streams (for ever without n),
   * /silent never answers.
   */
  public static Resource root() {
    Resource root = new Resource();
    root.putChild("base", new Echo());
    root.putChild("echo", new Echo());
    root.putChild("stream", new Stream());
    root.putChild("cookies", new Cookies());
    root.putChild("silent", new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override public byte[] render(Request r) {
        return Site.NOT_DONE_YET;
      }
    });
    return root;
  }

  public static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data));
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  /** Answers with what it received, one "name=value" a line. */
  static final class Echo extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override public byte[] render(Request r) {
      byte[] body = r.getContentBytes();
      StringBuilder b = new StringBuilder()
          .append("method=").append(r.getMethod()).append('\n')
          .append("uri=").append(r.getUri()).append('\n');
      for (String h : new String[] {"Host", "X-Forwarded-For", "X-Forwarded-Proto",
          "X-Forwarded-Host", "Connection", "Keep-Alive", "X-Secret", "Proxy-Authorization",
          "Expect", "Transfer-Encoding", "X-Plain"}) {
        b.append(h.toLowerCase()).append('=').append(r.getHeader(h)).append('\n');
      }
      b.append("length=").append(body.length).append('\n');
      b.append("sha256=").append(sha256(body)).append('\n');
      r.setHeader("Content-Type", "text/plain");
      return b.toString().getBytes(StandardCharsets.UTF_8);
    }
  }

  /** Sets cookies and hop-by-hop fields the proxy must drop. */
  static final class Cookies extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request r) {
      r.setResponseCode(201, "Made Here");
      r.getResponseHeaders().add("Set-Cookie", "a=1").add("Set-Cookie", "b=2");
      r.setHeader("Keep-Alive", "timeout=5");
      r.setHeader("X-Kept", "yes");
      return "made".getBytes(StandardCharsets.UTF_8);
    }
  }

  /**
   * Streams {@code n} bytes (byte i is {@code i % 251}) from a push producer, 64 KiB at a time,
   * with a Content-Length; with no {@code n}, streams chunked forever.
   */
  static final class Stream extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request r) {
      String n = r.getArg("n");
      long total = n == null ? Long.MAX_VALUE : Long.parseLong(n);
      if (n != null) {
        r.setHeader("Content-Length", n);
      }
      PushProducer p = new PushProducer() {
        long sent;
        boolean paused;
        boolean stopped;
        boolean producing;

        @Override public void pauseProducing() {
          paused = true;
        }

        @Override public void resumeProducing() {
          paused = false;
          if (producing) {
            return;
          }
          producing = true;
          try {
            while (!paused && !stopped && sent < total) {
              int len = (int) Math.min(64 * 1024, total - sent);
              byte[] chunk = new byte[len];
              for (int i = 0; i < len; i++) {
                chunk[i] = (byte) ((sent + i) % 251);
              }
              sent += len;
              r.write(chunk);
            }
            if (sent >= total && !stopped && !r.isFinished()) {
              stopped = true;
              r.unregisterProducer();
              r.finish();
            }
          } finally {
            producing = false;
          }
        }

        @Override public void stopProducing() {
          stopped = true;
        }
      };
      r.registerProducer(p, true);
      p.resumeProducing();
      return Site.NOT_DONE_YET;
    }
  }
}
