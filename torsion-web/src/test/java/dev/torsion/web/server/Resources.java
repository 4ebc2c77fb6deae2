package dev.torsion.web.server;

import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** Small resources for tests. */
final class Resources {
  private Resources() {}

  static byte[] utf8(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }

  /** GET answers a fixed text; POST echoes the body. */
  static final class Text extends Resource {
    final String text;
    int renders;

    Text(String text) {
      this.text = text;
    }

    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request request) {
      renders++;
      request.setHeader("Content-Type", "text/plain");
      return utf8(text);
    }

    @Override protected byte[] renderPost(Request request) {
      renders++;
      return request.getContentBytes();
    }
  }

  /** Keeps each request open for the test to finish. */
  static final class Held extends Resource {
    final List<Request> requests = new ArrayList<>();

    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request request) {
      requests.add(request);
      return Site.NOT_DONE_YET;
    }
  }
}
