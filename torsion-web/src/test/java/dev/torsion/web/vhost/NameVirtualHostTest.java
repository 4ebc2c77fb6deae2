package dev.torsion.web.vhost;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransportWithDisconnection;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

class NameVirtualHostTest {
  /** A leaf naming itself and the path left to it. */
  static final class Named extends Resource {
    private final String name;

    Named(String name) {
      this.name = name;
    }

    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request r) {
      return (name + " " + r.getPostpath()).getBytes(StandardCharsets.UTF_8);
    }
  }

  private static String get(Resource root, String raw) {
    StringTransportWithDisconnection t = new StringTransportWithDisconnection();
    Protocol p = new Site(root, new Clock()).buildProtocol(t.getPeer());
    t.protocol = p;
    p.makeConnection(t);
    p.dataReceived(raw.getBytes(StandardCharsets.ISO_8859_1));
    String out = t.valueString();
    return out.substring(0, out.indexOf(' ', 9)) + " " + out.substring(out.indexOf("\r\n\r\n") + 4);
  }

  private static NameVirtualHost vhost() {
    NameVirtualHost v = new NameVirtualHost();
    v.addHost("Example.COM", new Named("example"));
    Resource tree = new Resource();
    tree.putChild("docs", new Named("api-docs"));
    v.addHost("api.example.com", tree);
    v.addHost("[::1]", new Named("v6"));
    return v;
  }

  @Test
  void choosesTheTreeByHostIgnoringCaseAndPort() {
    NameVirtualHost v = vhost();
    v.setDefault(new Named("default"));

    assertThat(get(v, "GET /a/b HTTP/1.1\r\nHost: EXAMPLE.com:8080\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200 example [a, b]");
    assertThat(get(v, "GET /docs/x HTTP/1.1\r\nHost: api.example.com\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200 api-docs [x]");
    assertThat(get(v, "GET / HTTP/1.1\r\nHost: [::1]:8080\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200 v6 []");
  }

  @Test
  void unknownOrMissingHostsGoToTheDefault() {
    NameVirtualHost v = vhost();
    v.setDefault(new Named("default"));

    assertThat(get(v, "GET /z HTTP/1.1\r\nHost: other.org\r\n\r\n"))
        .isEqualTo("HTTP/1.1 200 default [z]");
    assertThat(get(v, "GET /z HTTP/1.0\r\n\r\n")).isEqualTo("HTTP/1.1 200 default [z]");
  }

  @Test
  void withoutADefaultAnUnknownHostIs404WithTheHostEscaped() {
    assertThat(get(vhost(), "GET / HTTP/1.1\r\nHost: <b>evil\r\n\r\n"))
        .startsWith("HTTP/1.1 404").contains("&lt;b&gt;evil").doesNotContain("<b>evil");
  }

  @Test
  void removedHostsFallBack() {
    NameVirtualHost v = vhost();
    v.setDefault(new Named("default"));
    v.removeHost("EXAMPLE.com");

    assertThat(get(v, "GET / HTTP/1.1\r\nHost: example.com\r\n\r\n")).isEqualTo("HTTP/1.1 200 default []");
  }
}
