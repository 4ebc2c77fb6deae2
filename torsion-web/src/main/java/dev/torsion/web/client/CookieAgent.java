package dev.torsion.web.client;

import dev.torsion.internet.Deferred;
import dev.torsion.web.Headers;
import java.io.IOException;
import java.net.CookieHandler;
import java.net.CookieManager;
import java.net.URI;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Stores cookies from responses and sends them with later requests: Twisted's {@code CookieAgent}
 * with a cookie jar. The jar is a JDK {@link CookieHandler} (a {@link CookieManager} by default),
 * which applies the domain, path, expiry and Secure rules.
 *
 * <pre>{@code
 * CookieManager jar = new CookieManager();
 * Agent agent = new CookieAgent(new RedirectAgent(new HttpAgent(reactor)), jar);
 * }</pre>
 */
public final class CookieAgent implements Agent {
  private final Agent agent;
  private final CookieHandler jar;

  public CookieAgent(Agent agent) {
    this(agent, new CookieManager());
  }

  public CookieAgent(Agent agent, CookieHandler jar) {
    this.agent = agent;
    this.jar = jar;
  }

  public CookieHandler getJar() {
    return jar;
  }

  @Override
  public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer body) {
    URI u;
    Headers h = headers == null ? new Headers() : headers.copy();
    try {
      u = HttpAgent.parseUri(uri);
      if (!h.contains("Cookie")) {
        Map<String, List<String>> cookies = jar.get(u, Map.of());
        for (String v : cookies.getOrDefault("Cookie", List.of())) {
          h.add("Cookie", v);
        }
      }
    } catch (IllegalArgumentException | IOException e) {
      return Deferred.fail(e);
    }
    return agent.request(method, uri, h, body).addCallback(response -> {
      List<String> set = response.headers().getAll("Set-Cookie");
      if (!set.isEmpty()) {
        Map<String, List<String>> m = new HashMap<>();
        m.put("Set-Cookie", set);
        jar.put(u, m);
      }
      return response;
    });
  }
}
