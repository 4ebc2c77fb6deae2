package dev.torsion.internet.endpoints;

import dev.torsion.internet.Reactor;
import java.util.List;
import java.util.Map;

/** A third-party endpoint type, registered in test META-INF/services: loopback TCP only. */
public final class ToyServerParser implements ServerEndpointParser {
  @Override
  public String prefix() {
    return "toy";
  }

  @Override
  public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    EndpointArguments a = EndpointArguments.bind("toy", args, kwargs, "port");
    return new TCP4ServerEndpoint(reactor, a.port("port"), 50, "127.0.0.1");
  }
}
