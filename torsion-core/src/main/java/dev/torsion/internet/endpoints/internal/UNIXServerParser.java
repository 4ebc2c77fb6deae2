package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.internal.Backlog;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.ServerEndpoint;
import dev.torsion.internet.endpoints.ServerEndpointParser;
import dev.torsion.internet.endpoints.UNIXServerEndpoint;
import java.util.List;
import java.util.Map;

/**
 * {@code unix:PATH[:mode=OCTAL][:backlog=N][:lockfile=0|1]}, as Twisted's {@code _parseUNIX}:
 * mode 666 and a lock file by default.
 */
public final class UNIXServerParser implements ServerEndpointParser {
  @Override
  public String prefix() {
    return "unix";
  }

  @Override
  public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    EndpointArguments a =
        EndpointArguments.bind("unix", args, kwargs, "address", "mode", "backlog", "lockfile");
    return new UNIXServerEndpoint(
        reactor,
        a.require("address"),
        a.integer("backlog", Backlog.DEFAULT),
        a.octal("mode", 0666),
        a.flag("lockfile", true));
  }
}
