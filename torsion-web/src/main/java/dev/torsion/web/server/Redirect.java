package dev.torsion.web.server;

import dev.torsion.web.Html;
import java.nio.charset.StandardCharsets;

/**
 * A resource that redirects (302) to a fixed URL: Twisted's {@code
 * twisted.web.util.Redirect}.
 *
 * <pre>{@code
 * root.putChild("docs", new Redirect("https://example.com/docs/"));
 * }</pre>
 */
public final class Redirect extends Resource {
  private final String url;
  private final int code;

  public Redirect(String url) {
    this(url, 302);
  }

  /** A redirect with a chosen 3xx code (301, 302, 303, 307, 308). */
  public Redirect(String url, int code) {
    dev.torsion.web.Headers.checkField("Location", url);
    this.url = url;
    this.code = code;
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public byte[] render(Request request) {
    request.setResponseCode(code);
    request.setHeader("Location", url);
    request.setHeader("Content-Type", "text/html; charset=utf-8");
    String u = Html.escape(url);
    return ("<html><head><meta http-equiv=\"refresh\" content=\"0;URL=" + u
        + "\"></head><body bgcolor=\"#FFFFFF\" text=\"#000000\"><a href=\"" + u
        + "\">click here</a></body></html>").getBytes(StandardCharsets.UTF_8);
  }
}
