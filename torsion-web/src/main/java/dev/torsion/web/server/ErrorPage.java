package dev.torsion.web.server;

import dev.torsion.web.Html;
import java.nio.charset.StandardCharsets;

/**
 * A resource that answers every request, at any depth, with an error status and a small HTML page:
 * Twisted's {@code twisted.web.resource.ErrorPage}. Everything in the page is HTML-escaped.
 *
 * <pre>{@code
 * root.putChild("old", new ErrorPage(410, "Gone", "This page was removed."));
 * }</pre>
 */
public class ErrorPage extends Resource {
  private final int code;
  private final String brief;
  private final String detail;

  public ErrorPage(int code, String brief, String detail) {
    this.code = code;
    this.brief = brief;
    this.detail = detail;
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public Resource getChild(String path, Request request) {
    return this;
  }

  @Override
  public byte[] render(Request request) {
    request.setResponseCode(code);
    request.setHeader("Content-Type", "text/html; charset=utf-8");
    return page(code, brief, Html.escape(detail));
  }

  /** The page for {@code code}; {@code brief} is escaped, {@code detailHtml} must already be. */
  static byte[] page(int code, String brief, String detailHtml) {
    String b = Html.escape(brief);
    return ("<html>\n  <head><title>" + code + " - " + b + "</title></head>\n  <body>\n    <h1>"
        + b + "</h1>\n    <p>" + detailHtml + "</p>\n  </body>\n</html>\n")
        .getBytes(StandardCharsets.UTF_8);
  }
}
