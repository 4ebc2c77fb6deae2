package dev.torsion.web.server;

import dev.torsion.web.Http;
import java.lang.reflect.Method;
import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A node in a site's URL tree that can render responses and find children: Twisted's {@code
 * twisted.web.resource.Resource}.
 *
 * <p>Traversal starts at the site's root: for each remaining path segment, while the current
 * resource is not a leaf, {@link #getChildWithDefault} picks the next one (static children added
 * with {@link #putChild} first, then {@link #getChild}). The resource reached then {@link
 * #render}s: by default by method, to {@code renderGet}, {@code renderPost}... A method whose
 * {@code render*} is not overridden is answered 405 with an Allow header listing those that are.
 *
 * <pre>{@code
 * final class Hello extends Resource {
 *   @Override public boolean isLeaf() { return true; }
 *   @Override protected byte[] renderGet(Request request) {
 *     return "hello".getBytes(UTF_8);
 *   }
 * }
 * Resource root = new Resource();
 * root.putChild("hello", new Hello());
 * reactor.listenTCP(8080, new Site(root));
 * }</pre>
 *
 * <p>A render method returns the whole body, or {@link Site#NOT_DONE_YET} to write and finish
 * the request later.
 */
public class Resource {
  private static final String[] METHODS = {"GET", "POST", "PUT", "DELETE", "PATCH", "OPTIONS"};
  private static final ClassValue<List<String>> ALLOWED = new ClassValue<>() {
    @Override
    protected List<String> computeValue(Class<?> type) {
      List<String> allowed = new ArrayList<>();
      for (String m : METHODS) {
        if (overrides(type, "render" + m.charAt(0) + m.substring(1).toLowerCase())) {
          allowed.add(m);
          if (m.equals("GET")) {
            allowed.add("HEAD");
          }
        }
      }
      return Collections.unmodifiableList(allowed);
    }
  };

  // Made by the first putChild: most resources (a StaticFile node per request, error pages) have
  // no static children, and each of them made an empty LinkedHashMap.
  private Map<String, Resource> children;

  /** True when this resource handles all deeper paths itself (no further traversal). */
  public boolean isLeaf() {
    return false;
  }

  /** Adds a static child at {@code path} (one decoded segment; "" is the trailing-slash child). */
  public void putChild(String path, Resource child) {
    if (children == null) {
      children = new LinkedHashMap<>();
    }
    children.put(path, child);
  }

  /** The static children, by segment. */
  public Map<String, Resource> getChildren() {
    return children == null ? Map.of() : Collections.unmodifiableMap(children);
  }

  /** The child for segment {@code path}: a static one, else {@link #getChild}. */
  public Resource getChildWithDefault(String path, Request request) {
    Resource child = children == null ? null : children.get(path);
    return child != null ? child : getChild(path, request);
  }

  /** A dynamic child for {@code path}; by default {@link NoResource} (404). */
  public Resource getChild(String path, Request request) {
    return new NoResource("No such child resource.");
  }

  /** Renders the response, by default by dispatching on the method. */
  public byte[] render(Request request) {
    String m = request.getMethod();
    List<String> allowed = allowedMethods();
    if (!allowed.contains(m)) {
      if (m.equals("OPTIONS")) {
        request.setHeader("Allow", String.join(", ", withOptions(allowed)));
        request.setResponseCode(Http.NO_CONTENT);
        return new byte[0];
      }
      boolean known = m.equals("HEAD") || List.of(METHODS).contains(m);
      request.setResponseCode(known ? Http.NOT_ALLOWED : Http.NOT_IMPLEMENTED);
      request.setHeader("Allow", String.join(", ", withOptions(allowed)));
      request.setHeader("Content-Type", "text/html; charset=utf-8");
      return ErrorPage.page(request.getResponseCode(), Http.phrase(request.getResponseCode()),
          dev.torsion.web.Html.escape("Your browser approached me (at " + request.getUri() + ") with the method \"" + m
              + "\". I only allow the method" + (allowed.size() == 1 ? " " : "s ")
              + String.join(", ", allowed) + " here."));
    }
    return switch (m) {
      case "GET" -> renderGet(request);
      case "HEAD" -> renderHead(request);
      case "POST" -> renderPost(request);
      case "PUT" -> renderPut(request);
      case "DELETE" -> renderDelete(request);
      case "PATCH" -> renderPatch(request);
      case "OPTIONS" -> renderOptions(request);
      default -> throw new IllegalStateException(m);
    };
  }

  private static List<String> withOptions(List<String> allowed) {
    List<String> out = new ArrayList<>(allowed);
    if (!out.contains("OPTIONS")) {
      out.add("OPTIONS");
    }
    return out;
  }

  /** The methods this resource answers, from the {@code render*} methods it overrides. */
  public List<String> allowedMethods() {
    return ALLOWED.get(getClass());
  }

  protected byte[] renderGet(Request request) {
    throw new UnsupportedOperationException();
  }

  /** HEAD renders as GET; the body is measured for Content-Length and not sent. */
  protected byte[] renderHead(Request request) {
    return renderGet(request);
  }

  protected byte[] renderPost(Request request) {
    throw new UnsupportedOperationException();
  }

  protected byte[] renderPut(Request request) {
    throw new UnsupportedOperationException();
  }

  protected byte[] renderDelete(Request request) {
    throw new UnsupportedOperationException();
  }

  protected byte[] renderPatch(Request request) {
    throw new UnsupportedOperationException();
  }

  protected byte[] renderOptions(Request request) {
    throw new UnsupportedOperationException();
  }

  private static boolean overrides(Class<?> type, String name) {
    for (Class<?> c = type; c != null && c != Resource.class; c = c.getSuperclass()) {
      for (Method method : c.getDeclaredMethods()) {
        if (method.getName().equals(name) && method.getParameterCount() == 1
            && method.getParameterTypes()[0] == Request.class) {
          return true;
        }
      }
    }
    return false;
  }
}
