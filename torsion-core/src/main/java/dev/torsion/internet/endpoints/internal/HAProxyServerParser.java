package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.endpoints.HAProxyServerEndpoint;
import dev.torsion.internet.endpoints.ServerEndpoint;
import dev.torsion.internet.endpoints.ServerEndpointParser;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * {@code haproxy:DESCRIPTION}, as Twisted's {@code HAProxyServerParser}: everything after the
 * prefix is another server description ({@code haproxy:tcp:8080:interface=127.0.0.1}, {@code
 * haproxy:ssl:8443:privateKey=key.pem}, {@code haproxy:unix:/run/app.sock}).
 */
public final class HAProxyServerParser implements ServerEndpointParser {
  @Override
  public String prefix() {
    return "haproxy";
  }

  @Override
  public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    if (args.isEmpty() || args.get(0).isEmpty()) {
      throw new IllegalArgumentException(
          "missing the endpoint to wrap for haproxy, as in haproxy:tcp:8080");
    }
    List<String> parts = new ArrayList<>();
    for (String a : args) {
      parts.add(Endpoints.quoteStringArgument(a));
    }
    for (Map.Entry<String, String> e : kwargs.entrySet()) {
      parts.add(Endpoints.quoteStringArgument(e.getKey()) + "=" + Endpoints.quoteStringArgument(e.getValue()));
    }
    String inner = String.join(":", parts);
    ServerEndpoint wrapped;
    try {
      wrapped = Endpoints.serverFromString(reactor, inner);
    } catch (IllegalArgumentException e) {
      // The outer description is added by our caller; drop the inner one it would repeat.
      String message = String.valueOf(e.getMessage());
      String where = " in '" + inner + "'";
      throw new IllegalArgumentException(
          message.endsWith(where) ? message.substring(0, message.length() - where.length()) : message, e);
    }
    if (wrapped instanceof HAProxyServerEndpoint) {
      throw new IllegalArgumentException("haproxy: wraps another endpoint, not itself");
    }
    return new HAProxyServerEndpoint(wrapped, reactor);
  }
}
