package dev.torsion.web.vhost;

import dev.torsion.web.internal.Authority;
import dev.torsion.web.server.NoResource;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/**
 * Serves a different resource tree for each host name, chosen by the request's Host header:
 * Twisted's {@code twisted.web.vhost.NameVirtualHost}. Names are compared case-insensitively and
 * without the port; a request for a name not added (or with no Host at all) goes to the default
 * resource, or gets 404 when there is none.
 *
 * <pre>{@code
 * NameVirtualHost vhost = new NameVirtualHost();
 * vhost.setDefault(new StaticFile(Path.of("/var/www/default")));
 * vhost.addHost("example.com", new StaticFile(Path.of("/var/www/example")));
 * vhost.addHost("api.example.com", new ReverseProxyResource("127.0.0.1", 9000, "", reactor));
 * reactor.listenTCP(80, new Site(vhost, reactor));
 * }</pre>
 */
public class NameVirtualHost extends Resource {
  private final Map<String, Resource> hosts = new HashMap<>();
  private Resource defaultResource;

  /** The resource for hosts not added; null (the default) for 404. */
  public void setDefault(Resource resource) {
    this.defaultResource = resource;
  }

  public Resource getDefault() {
    return defaultResource;
  }

  /** Serves {@code resource} for Host {@code name} (any case, without a port). */
  public void addHost(String name, Resource resource) {
    hosts.put(normalize(name), resource);
  }

  /** Stops serving {@code name}; it falls back to the default. */
  public void removeHost(String name) {
    hosts.remove(normalize(name));
  }

  /** The resource serving {@code request}'s host. */
  public Resource getResourceForRequest(Request request) {
    String host = request.getHeader("Host");
    Resource r = host == null ? null : hosts.get(normalize(host));
    if (r != null) {
      return r;
    }
    if (defaultResource != null) {
      return defaultResource;
    }
    return new NoResource("host " + (host == null ? "(none)" : host) + " not in vhost map");
  }

  @Override
  public byte[] render(Request request) {
    return getResourceForRequest(request).render(request);
  }

  /**
   * Traversal continues in the chosen host's tree. A leaf there renders for this very segment,
   * so the segment goes back onto the postpath, as in Twisted.
   */
  @Override
  public Resource getChild(String path, Request request) {
    Resource r = getResourceForRequest(request);
    if (r.isLeaf()) {
      var prepath = request.getPrepath();
      request.getPostpath().add(0, prepath.remove(prepath.size() - 1));
      return r;
    }
    return r.getChildWithDefault(path, request);
  }

  private static String normalize(String host) {
    String h = Authority.withoutPort(host.trim().toLowerCase(Locale.ROOT));
    return h.endsWith(".") ? h.substring(0, h.length() - 1) : h;
  }
}
