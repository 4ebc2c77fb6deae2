package dev.torsion.web.server;

import static dev.torsion.web.server.Resources.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.List;
import java.util.zip.GZIPInputStream;
import org.junit.jupiter.api.Test;

class ResourceTest {
  private static String get(Resource root, String raw) {
    ServerHarness s = new ServerHarness(root).connect();
    s.send(raw);
    return s.output();
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  @Test
  void traversesStaticChildrenAndKeepsPrepathAndPostpath() {
    List<String> seen = new ArrayList<>();
    Resource leaf = new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request r) {
        seen.add(r.getPrepath() + " " + r.getPostpath());
        return utf8("leaf");
      }
    };
    Resource root = new Resource();
    Resource a = new Resource();
    root.putChild("a", a);
    a.putChild("b c", leaf);

    String out = get(root, "GET /a/b%20c/d/e HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(body(out)).isEqualTo("leaf");
    assertThat(seen).containsExactly("[a, b c] [d, e]");
  }

  @Test
  void anUnknownChildIs404() {
    Resource root = new Resource();
    root.putChild("a", new Resources.Text("a"));

    assertThat(get(root, "GET /nope HTTP/1.1\r\nHost: h\r\n\r\n")).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void aMethodWithoutRendererIs405WithAllow() {
    String out = get(new Resources.Text("x"), "DELETE / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, POST, OPTIONS\r\n");
  }

  @Test
  void anUnknownMethodIs501() {
    assertThat(get(new Resources.Text("x"), "BREW / HTTP/1.1\r\nHost: h\r\n\r\n"))
        .startsWith("HTTP/1.1 501 ");
  }

  @Test
  void optionsListsTheMethods() {
    String out = get(new Resources.Text("x"), "OPTIONS / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 204 ").contains("Allow: GET, HEAD, POST, OPTIONS\r\n")
        .doesNotContain("Content-Length");
  }

  @Test
  void echoedPathsAreHtmlEscaped() {
    String out = get(new Resources.Text("x"),
        "PUT /<script>alert(1)</script> HTTP/1.1\r\nHost: h\r\nContent-Length: 0\r\n\r\n");

    assertThat(out).contains("&lt;script&gt;").doesNotContain("<script>");
  }

  @Test
  void errorPagesEscapeTheirText() {
    String out = get(new ErrorPage(410, "Gone <b>", "<i>x</i>"), "GET / HTTP/1.1\r\nHost: h\r\n\r\n");

    assertThat(out).startsWith("HTTP/1.1 410 ").contains("Gone &lt;b&gt;", "&lt;i&gt;x&lt;/i&gt;");
  }

  @Test
  void forbiddenAndRedirect() {
    assertThat(get(new ForbiddenResource(), "GET / HTTP/1.1\r\nHost: h\r\n\r\n"))
        .startsWith("HTTP/1.1 403 ");
    assertThat(get(new Redirect("/new?a=<"), "GET /old HTTP/1.1\r\nHost: h\r\n\r\n"))
        .startsWith("HTTP/1.1 302 ").contains("Location: /new?a=<\r\n").contains("a=&lt;");
  }

  @Test
  void argsComeFromTheQueryAndAUrlencodedBody() {
    List<Object> args = new ArrayList<>();
    Resource r = new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderPost(Request request) {
        args.add(request.getArgs());
        return utf8("ok");
      }
    };
    String form = "b=two+words&a=%C3%A9";

    get(r, "POST /?a=1&c HTTP/1.1\r\nHost: h\r\nContent-Type: application/x-www-form-urlencoded\r\n"
        + "Content-Length: " + form.length() + "\r\n\r\n" + form);

    assertThat(args).hasSize(1);
    assertThat(args.get(0).toString()).isEqualTo("{a=[1, é], c=[], b=[two words]}");
  }

  @Test
  void multipartUploadsAreSpooledToDiskPastTheThreshold() throws IOException {
    List<String> seen = new ArrayList<>();
    List<java.nio.file.Path> paths = new ArrayList<>();
    Resource r = new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderPost(Request request) {
        FormFile f = request.getUpload("file");
        seen.add(request.getArg("title") + "|" + f.filename() + "|" + f.contentType() + "|"
            + f.size() + "|" + (f.path() != null) + "|" + new String(f.bytes(), StandardCharsets.UTF_8).length());
        paths.add(f.path());
        return utf8("ok");
      }
    };
    String content = "x".repeat(100_000);
    String body = "--XyZ\r\nContent-Disposition: form-data; name=\"title\"\r\n\r\nMy file\r\n"
        + "--XyZ\r\nContent-Disposition: form-data; name=\"file\"; filename=\"a.txt\"\r\n"
        + "Content-Type: text/plain\r\n\r\n" + content + "\r\n--XyZ--\r\n";

    String out = get(r, "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: multipart/form-data; "
        + "boundary=XyZ\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

    assertThat(out).startsWith("HTTP/1.1 200 ");
    assertThat(seen).containsExactly("My file|a.txt|text/plain|100000|true|100000");
    assertThat(Files.exists(paths.get(0))).as("spool file deleted after finish").isFalse();
  }

  @Test
  void aMalformedMultipartBodyIs400() {
    String body = "--XyZ\r\nContent-Disposition: form-data; name=\"a\"\r\n\r\nno end";
    String out = get(new Resources.Text("x"), "POST / HTTP/1.1\r\nHost: h\r\nContent-Type: "
        + "multipart/form-data; boundary=XyZ\r\nContent-Length: " + body.length() + "\r\n\r\n" + body);

    assertThat(out).startsWith("HTTP/1.1 400 ");
  }

  @Test
  void readsAndSetsCookiesWithAttributes() {
    Resource r = new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request request) {
        request.addCookie(Cookie.of("seen", "yes").path("/").maxAge(60).httpOnly(true)
            .secure(true).sameSite("Lax"));
        return utf8(request.getCookie("theme") + "," + request.getCookie("other"));
      }
    };

    String out = get(r, "GET / HTTP/1.1\r\nHost: h\r\nCookie: theme=dark; other=\"q\"\r\n\r\n");

    assertThat(body(out)).isEqualTo("dark,q");
    assertThat(out).contains("Set-Cookie: seen=yes; Max-Age=60; Path=/; Secure; HttpOnly; SameSite=Lax\r\n");
  }

  @Test
  void sessionsAreFoundAgainByCookieAndExpire() {
    Resource r = new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request request) {
        Session s = request.getSession();
        Integer n = (Integer) s.get("n");
        s.set("n", n == null ? 1 : n + 1);
        return utf8(String.valueOf(s.get("n")));
      }
    };
    ServerHarness s = new ServerHarness(r).connect();
    s.site.setSessionTimeout(100);
    s.send("GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    String cookie = s.output().replaceAll("(?s).*Set-Cookie: (TORSION_SESSION=[0-9a-f]+);.*", "$1");
    assertThat(cookie).matches("TORSION_SESSION=[0-9a-f]{64}");
    s.transport.clear();

    s.send("GET / HTTP/1.1\r\nHost: h\r\nCookie: " + cookie + "\r\n\r\n");
    assertThat(body(s.output())).isEqualTo("2");
    s.transport.clear();

    s.clock.advance(101);
    assertThat(s.site.getSession(cookie.substring(16))).isNull();
  }

  @Test
  void gzipsWhenTheClientAcceptsIt() throws IOException {
    Resource root = new EncodingResourceWrapper(new Resources.Text("hello ".repeat(100)));

    String plain = get(root, "GET / HTTP/1.1\r\nHost: h\r\n\r\n");
    ServerHarness s = new ServerHarness(root).connect();
    s.send("GET / HTTP/1.1\r\nHost: h\r\nAccept-Encoding: deflate, gzip;q=0.5\r\n\r\n");

    assertThat(plain).doesNotContain("Content-Encoding");
    byte[] all = s.transport.value();
    String head = s.output().substring(0, s.output().indexOf("\r\n\r\n"));
    assertThat(head).contains("Content-Encoding: gzip", "Vary: Accept-Encoding");
    int len = Integer.parseInt(head.replaceAll("(?s).*Content-Length: (\\d+).*", "$1"));
    byte[] gz = java.util.Arrays.copyOfRange(all, head.length() + 4, all.length);
    assertThat(gz).hasSize(len);
    String decoded = new String(new GZIPInputStream(new ByteArrayInputStream(gz)).readAllBytes(),
        StandardCharsets.UTF_8);
    assertThat(decoded).isEqualTo("hello ".repeat(100));
  }

  @Test
  void gzipIsRefusedWithQZero() {
    Resource root = new EncodingResourceWrapper(new Resources.Text("x"));

    assertThat(get(root, "GET / HTTP/1.1\r\nHost: h\r\nAccept-Encoding: gzip;q=0\r\n\r\n"))
        .doesNotContain("Content-Encoding");
  }
}
