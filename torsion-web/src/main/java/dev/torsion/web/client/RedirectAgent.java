package dev.torsion.web.client;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.web.Headers;
import java.net.URI;
import java.util.Locale;
import java.util.Objects;

/**
 * Follows redirects: Twisted's {@code BrowserLikeRedirectAgent}. 301, 302 and 303 turn a POST
 * (any method but GET and HEAD) into a GET without a body; 307 and 308 repeat the method, which
 * needs a body that can be sent again (a request with a streamed body then fails). A redirect to
 * another origin drops Authorization, Proxy-Authorization and Cookie. After {@code limit}
 * redirects (20) the request fails with {@link ResponseFailed}.
 *
 * <pre>{@code
 * Agent agent = new RedirectAgent(new HttpAgent(reactor));
 * }</pre>
 */
public final class RedirectAgent implements Agent {
  private final Agent agent;
  private final int limit;

  public RedirectAgent(Agent agent) {
    this(agent, 20);
  }

  public RedirectAgent(Agent agent, int limit) {
    this.agent = Objects.requireNonNull(agent, "agent");
    this.limit = limit;
  }

  @Override
  public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer body) {
    return follow(method, uri, headers == null ? new Headers() : headers, body, 0);
  }

  private Deferred<Response> follow(String method, String uri, Headers headers, BodyProducer body,
      int count) {
    return agent.request(method, uri, headers, body).addDeferredCallback(response -> {
      int code = response.code();
      String location = response.headers().getFirst("Location");
      if (location == null || !(code == 301 || code == 302 || code == 303 || code == 307
          || code == 308)) {
        return Deferred.succeed(response);
      }
      discard(response);
      if (count >= limit) {
        return Deferred.fail(new ResponseFailed("more than " + limit + " redirects, last to " + location));
      }
      URI next;
      try {
        next = URI.create(uri).resolve(location.trim());
        HttpAgent.parseUri(next.toString());
      } catch (IllegalArgumentException e) {
        return Deferred.fail(new ResponseFailed("bad redirect Location: " + e.getMessage()));
      }
      String nextMethod = method;
      BodyProducer nextBody = body;
      Headers nextHeaders = headers.copy();
      if (code != 307 && code != 308 && !method.equals("GET") && !method.equals("HEAD")) {
        nextMethod = "GET";
        nextBody = null;
        nextHeaders.remove("Content-Type");
        nextHeaders.remove("Content-Length");
      } else if (body != null) {
        return Deferred.fail(new ResponseFailed(code + " redirect would resend a request body"));
      }
      if (!sameOrigin(URI.create(uri), next)) {
        nextHeaders.remove("Authorization");
        nextHeaders.remove("Proxy-Authorization");
        nextHeaders.remove("Cookie");
      }
      nextHeaders.remove("Host");
      return follow(nextMethod, next.toString(), nextHeaders, nextBody, count + 1);
    });
  }

  static boolean sameOrigin(URI a, URI b) {
    return a.getScheme().equalsIgnoreCase(b.getScheme())
        && a.getHost().toLowerCase(Locale.ROOT).equals(b.getHost().toLowerCase(Locale.ROOT))
        && port(a) == port(b);
  }

  private static int port(URI u) {
    return u.getPort() >= 0 ? u.getPort() : u.getScheme().equalsIgnoreCase("https") ? 443 : 80;
  }

  /** Reads and drops a body so its connection can be reused. */
  static void discard(Response response) {
    response.deliverBody(new Protocol() {
      @Override public void connectionLost(Failure reason) {}
    });
  }
}
