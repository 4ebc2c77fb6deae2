package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.internal.Backlog;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.ServerEndpoint;
import dev.torsion.internet.endpoints.ServerEndpointParser;
import dev.torsion.internet.endpoints.TCP6ServerEndpoint;
import java.util.List;
import java.util.Map;

/** {@code tcp6:PORT[:interface=ADDR][:backlog=N][:reusePort=true]}, as Twisted's {@code _TCP6ServerParser}. */
public final class TCP6ServerParser implements ServerEndpointParser {
  @Override
  public String prefix() {
    return "tcp6";
  }

  @Override
  public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    EndpointArguments a =
        EndpointArguments.bind("tcp6", args, kwargs, "port", "backlog", "interface", "reusePort");
    return new TCP6ServerEndpoint(
        reactor, a.port("port"), a.integer("backlog", Backlog.DEFAULT), a.get("interface", "::"),
        a.bool("reusePort", false));
  }
}
