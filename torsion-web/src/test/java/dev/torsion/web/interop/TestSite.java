package dev.torsion.web.interop;

import dev.torsion.web.server.EncodingResourceWrapper;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StaticFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.concurrent.atomic.AtomicInteger;

/** The resource tree the interop tests talk to. */
final class TestSite {
  final AtomicInteger adminHits = new AtomicInteger();
  final Resource root = new Resource();

  TestSite(Path files) {
    root.putChild("static", new StaticFile(files));
    root.putChild("hello", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        r.setHeader("Content-Type", "text/plain");
        return utf8("hello, world\n");
      }
    });
    root.putChild("admin", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        adminHits.incrementAndGet();
        return utf8("admin\n");
      }
    });
    root.putChild("echo", new Leaf() {
      @Override protected byte[] renderPost(Request r) {
        return r.getContentBytes();
      }

      @Override protected byte[] renderPut(Request r) {
        return r.getContentBytes();
      }
    });
    root.putChild("stream", new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        for (int i = 0; i < 5; i++) {
          r.write(utf8("chunk " + i + "\n"));
        }
        r.finish();
        return Site.NOT_DONE_YET;
      }
    });
    root.putChild("gz", new EncodingResourceWrapper(new Leaf() {
      @Override protected byte[] renderGet(Request r) {
        r.setHeader("Content-Type", "text/plain");
        return utf8("compress me ".repeat(1000));
      }
    }));
  }

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  abstract static class Leaf extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }
  }
}
