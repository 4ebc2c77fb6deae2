package dev.torsion.web.routing;

import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torsion.web.Http;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.util.ArrayList;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Objects;
import java.util.Set;

/**
 * A resource that dispatches on method and path patterns to handlers, in the style of Klein
 * (Twisted's routing micro-framework). Build one from the {@link Route} methods of plain objects
 * with {@link #of}, or with {@link #builder()}; mount it as a site's root or under any path (it
 * routes what is left of the path below it).
 *
 * <pre>{@code
 * Router router = Router.builder()
 *     .get("/users/{id}", (request, params) -> users.find(params.getLong("id")))   // JSON
 *     .post("/users", (request, params) -> users.add(Json.read(request, User.class)))
 *     .get("/hello/{name}", (request, params) -> "hello, " + params.get("name"))   // text
 *     .add(new AdminRoutes())                                                      // @Route methods
 *     .build();
 * reactor.listenTCP(8080, new Site(router, reactor));
 * }</pre>
 *
 * <p>Patterns are matched against the percent-decoded path segments; when several match, the one
 * with more literal segments wins ({@code /users/me} before {@code /users/{id}}), then the one
 * registered first. A path no route matches gets 404, and a path matched only for other methods
 * 405 with an Allow header (OPTIONS gets 204 with the same header). GET routes answer HEAD.
 * Handlers run on the reactor thread and return:
 *
 * <ul>
 *   <li>a {@code String} (text/plain; charset=utf-8 unless the handler set a Content-Type) or
 *       {@code byte[]} (application/octet-stream unless set), written as is;
 *   <li>a {@link dev.torsion.internet.Deferred} of any of these, written when it fires (and
 *       cancelled if the client goes away first);
 *   <li>a {@link Resource}, rendered, with the rest of a {@code *} pattern's path traversed;
 *   <li>null, for an empty body; anything else is written as JSON with Jackson.
 * </ul>
 *
 * <p>A handler that throws (or whose Deferred fails with) {@link HttpError} gets that status and
 * a JSON body {@code {"status":..., "error":...}}; any other exception is logged and gets 500.
 */
public final class Router extends Resource {
  private record Entry(String method, PathPattern pattern, RouteHandler handler) {}

  private final List<Entry> routes;
  private final ResultWriter writer;

  private Router(List<Entry> routes, ObjectMapper mapper) {
    this.routes = List.copyOf(routes);
    this.writer = new ResultWriter(mapper);
  }

  /** A router for the {@link Route} methods of {@code controllers}. */
  public static Router of(Object... controllers) {
    Builder b = builder();
    for (Object c : controllers) {
      b.add(c);
    }
    return b.build();
  }

  public static Builder builder() {
    return new Builder();
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public byte[] render(Request request) {
    List<String> segments = request.getPostpath().isEmpty() ? List.of("") : request.getPostpath();
    String method = request.getMethod();
    String lookup = method.equals("HEAD") ? "GET" : method;
    Set<String> allowed = new LinkedHashSet<>();
    Entry best = null;
    PathPattern.Match bestMatch = null;
    for (Entry e : routes) {
      PathPattern.Match m = e.pattern.match(segments);
      if (m == null) {
        continue;
      }
      allowed.add(e.method);
      if (e.method.equals("GET")) {
        allowed.add("HEAD");
      }
      if (e.method.equals(lookup)
          && (best == null || e.pattern.specificity() > best.pattern.specificity())) {
        best = e;
        bestMatch = m;
      }
    }
    if (best == null) {
      return unmatched(request, method, allowed);
    }
    if (request.getPostpath().isEmpty()) {
      request.getPostpath().add("");
    }
    for (int i = 0; i < bestMatch.consumed(); i++) {
      request.getPrepath().add(request.getPostpath().remove(0));
    }
    try {
      return writer.write(request, best.handler.handle(request, bestMatch.params()));
    } catch (HttpError e) {
      return writer.errorBody(request, e.status(), e.getMessage());
    } catch (RuntimeException e) {
      throw e;
    } catch (Exception e) {
      throw new RouteHandlerException(best.pattern + ": " + e, e);
    }
  }

  private byte[] unmatched(Request request, String method, Set<String> allowed) {
    if (allowed.isEmpty()) {
      return writer.errorBody(request, Http.NOT_FOUND, "no route for " + request.getPath());
    }
    allowed.add("OPTIONS");
    List<String> ordered = new ArrayList<>(allowed);
    ordered.sort(java.util.Comparator.comparingInt(Router::methodRank));
    request.setHeader("Allow", String.join(", ", ordered));
    if (method.equals("OPTIONS")) {
      request.setResponseCode(Http.NO_CONTENT);
      return new byte[0];
    }
    return writer.errorBody(request, Http.NOT_ALLOWED,
        "method " + method + " not allowed for " + request.getPath());
  }

  /** The usual order of methods in Allow; others after them, in the order they were seen. */
  private static int methodRank(String method) {
    int i = List.of("GET", "HEAD", "POST", "PUT", "DELETE", "PATCH", "OPTIONS").indexOf(method);
    return i < 0 ? 100 : i;
  }

  /** The routes, one "METHOD /pattern" per entry, in registration order. */
  public List<String> describe() {
    List<String> out = new ArrayList<>();
    for (Entry e : routes) {
      out.add(e.method + " " + e.pattern);
    }
    return out;
  }

  @Override
  public String toString() {
    return "Router" + describe();
  }

  /** A checked exception from a handler, carried to the site's 500 handling. */
  static final class RouteHandlerException extends RuntimeException {
    RouteHandlerException(String message, Throwable cause) {
      super(message, cause);
    }
  }

  /** Collects routes for a {@link Router}. */
  public static final class Builder {
    private final List<Entry> routes = new ArrayList<>();
    private final List<Object> controllers = new ArrayList<>();
    private ObjectMapper mapper = Json.mapper();

    private Builder() {}

    public Builder get(String pattern, RouteHandler handler) {
      return route("GET", pattern, handler);
    }

    public Builder post(String pattern, RouteHandler handler) {
      return route("POST", pattern, handler);
    }

    public Builder put(String pattern, RouteHandler handler) {
      return route("PUT", pattern, handler);
    }

    public Builder delete(String pattern, RouteHandler handler) {
      return route("DELETE", pattern, handler);
    }

    public Builder patch(String pattern, RouteHandler handler) {
      return route("PATCH", pattern, handler);
    }

    /** Routes {@code method} (any token, such as "PROPFIND") on {@code pattern} to {@code handler}. */
    public Builder route(String method, String pattern, RouteHandler handler) {
      Objects.requireNonNull(handler, "handler");
      String m = method.toUpperCase(Locale.ROOT);
      if (!m.matches("[A-Z][A-Z0-9_-]*")) {
        throw new IllegalArgumentException("bad method name: " + method);
      }
      if (m.equals("HEAD")) {
        throw new IllegalArgumentException("HEAD is answered by the GET route; route GET instead");
      }
      routes.add(new Entry(m, PathPattern.parse(pattern), handler));
      return this;
    }

    /** Adds the {@link Route} methods of {@code controller}. */
    public Builder add(Object controller) {
      controllers.add(Objects.requireNonNull(controller, "controller"));
      return this;
    }

    /** The Jackson mapper for JSON results and {@link Body} parameters (default {@link Json#mapper()}). */
    public Builder objectMapper(ObjectMapper mapper) {
      this.mapper = Objects.requireNonNull(mapper, "mapper");
      return this;
    }

    public Router build() {
      for (Object c : controllers) {
        AnnotatedRoutes.collect(c, mapper, this);
      }
      controllers.clear();
      return new Router(routes, mapper);
    }
  }
}
