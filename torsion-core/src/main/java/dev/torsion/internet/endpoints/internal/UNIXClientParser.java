package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.ClientEndpointParser;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.UNIXClientEndpoint;
import java.util.List;
import java.util.Map;

/**
 * {@code unix:PATH[:timeout=S][:checkPID=0|1]} (or {@code path=PATH}; {@code lockfile} is a
 * synonym of {@code checkPID}), as Twisted's {@code _parseClientUNIX}.
 */
public final class UNIXClientParser implements ClientEndpointParser {
  @Override
  public String prefix() {
    return "unix";
  }

  @Override
  public ClientEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    if (args.size() > 1) {
      throw new IllegalArgumentException("unexpected argument '" + args.get(1) + "' for unix");
    }
    EndpointArguments a =
        EndpointArguments.bind(
            "unix", args, kwargs, "path", "timeout", "checkPID", "lockfile");
    if (a.has("checkPID") && a.has("lockfile")) {
      throw new IllegalArgumentException("option 'lockfile' given twice for unix (as checkPID)");
    }
    boolean checkPID = a.flag("checkPID", a.flag("lockfile", false));
    return new UNIXClientEndpoint(
        reactor, a.require("path"), a.seconds("timeout", 30), checkPID);
  }
}
