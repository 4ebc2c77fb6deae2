package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.ClientEndpointParser;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import java.util.List;
import java.util.Map;

/**
 * {@code tcp:HOST:PORT[:timeout=S][:bindAddress=ADDR]}, host and port also as keywords, as
 * Twisted's {@code _parseClientTCP}: {@code tcp:host=h:80} takes the lone positional as the port.
 */
public final class TCPClientParser implements ClientEndpointParser {
  @Override
  public String prefix() {
    return "tcp";
  }

  @Override
  public ClientEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    String[] names =
        args.size() == 1 && kwargs.containsKey("host")
            ? new String[] {"port"}
            : new String[] {"host", "port"};
    EndpointArguments positional = EndpointArguments.bind("tcp", args, Map.of(), names);
    EndpointArguments a =
        EndpointArguments.bind(
            "tcp", List.of(), merge(positional, kwargs, names), "host", "port", "timeout",
            "bindAddress");
    int port = a.port("port");
    if (port == 0) {
      throw new IllegalArgumentException("bad port '0'");
    }
    return new TCP4ClientEndpoint(
        reactor, a.require("host"), port, a.seconds("timeout", 30), a.bindAddress("bindAddress"));
  }

  private static Map<String, String> merge(
      EndpointArguments positional, Map<String, String> kwargs, String[] names) {
    Map<String, String> all = new java.util.LinkedHashMap<>(kwargs);
    for (String name : names) {
      if (positional.has(name)) {
        if (all.containsKey(name)) {
          throw new IllegalArgumentException("option '" + name + "' given twice for tcp");
        }
        all.put(name, positional.get(name, null));
      }
    }
    return all;
  }
}
