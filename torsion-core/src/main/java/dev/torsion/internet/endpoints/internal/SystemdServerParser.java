package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.ServerEndpoint;
import dev.torsion.internet.endpoints.ServerEndpointParser;
import dev.torsion.internet.endpoints.SystemdServerEndpoint;
import java.util.List;
import java.util.Map;

/**
 * {@code systemd:domain=INET:index=0} or {@code systemd:name=web[:domain=INET6]}, as Twisted's
 * {@code _SystemdParser}: a socket passed by systemd's socket activation. One of index and name;
 * domain (INET, INET6, UNIX) is checked against the socket when given.
 */
public final class SystemdServerParser implements ServerEndpointParser {
  @Override
  public String prefix() {
    return "systemd";
  }

  @Override
  public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    EndpointArguments a = EndpointArguments.bind("systemd", args, kwargs, "domain", "index", "name");
    String domain = a.has("domain") ? a.require("domain") : null;
    if (domain != null) {
      SystemdSockets.domain(domain);
    }
    if (a.has("index") && a.has("name")) {
      throw new IllegalArgumentException("give index or name for systemd, not both");
    }
    if (a.has("name")) {
      return new SystemdServerEndpoint(reactor, domain, a.require("name"));
    }
    int index = a.integer("index", 0);
    if (index < 0) {
      throw new IllegalArgumentException("bad index '" + index + "'");
    }
    return new SystemdServerEndpoint(reactor, domain, index);
  }
}
