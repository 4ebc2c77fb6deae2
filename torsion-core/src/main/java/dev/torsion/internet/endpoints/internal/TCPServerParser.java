package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.internal.Backlog;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.ServerEndpoint;
import dev.torsion.internet.endpoints.ServerEndpointParser;
import dev.torsion.internet.endpoints.TCP4ServerEndpoint;
import java.util.List;
import java.util.Map;

/** {@code tcp:PORT[:interface=ADDR][:backlog=N][:reusePort=true]}, as Twisted's {@code _parseTCP}. */
public final class TCPServerParser implements ServerEndpointParser {
  @Override
  public String prefix() {
    return "tcp";
  }

  @Override
  public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    EndpointArguments a =
        EndpointArguments.bind("tcp", args, kwargs, "port", "interface", "backlog", "reusePort");
    return new TCP4ServerEndpoint(
        reactor, a.port("port"), a.integer("backlog", Backlog.DEFAULT), a.get("interface", ""),
        a.bool("reusePort", false));
  }
}
