package dev.torsion.protocols.socks.internal;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.ClientEndpointParser;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.endpoints.TCP4ClientEndpoint;
import dev.torsion.protocols.socks.SOCKS5ClientEndpoint;
import java.util.List;
import java.util.Map;

/**
 * {@code socks5:PROXYHOST:PROXYPORT:tcp:HOST:PORT[:user=U:password=P]}, or with keywords {@code
 * socks5:host=HOST:port=PORT:proxy=ENDPOINT} where ENDPOINT is any client description with its
 * colons escaped ({@code proxy=unix\:/run/tor/socks}).
 */
public final class SOCKS5ClientParser implements ClientEndpointParser {
  @Override
  public String prefix() {
    return "socks5";
  }

  @Override
  public ClientEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    ClientEndpoint proxy;
    String host;
    int port;
    if (args.isEmpty()) {
      EndpointArguments a = EndpointArguments.bind("socks5", List.of(), kwargs,
          "host", "port", "proxy", "user", "password");
      proxy = Endpoints.clientFromString(reactor, a.require("proxy"));
      host = a.require("host");
      port = a.port("port");
      return new SOCKS5ClientEndpoint(host, port, proxy, a.get("user", null), a.get("password", null));
    }
    if (args.size() != 5 || !args.get(2).equalsIgnoreCase("tcp")) {
      throw new IllegalArgumentException(
          "socks5 takes PROXYHOST:PROXYPORT:tcp:HOST:PORT or host=, port= and proxy=");
    }
    EndpointArguments a = EndpointArguments.bind("socks5", List.of(args.get(0), args.get(1),
        args.get(3), args.get(4)), kwargs, "proxyHost", "proxyPort", "host", "port", "user",
        "password");
    proxy = new TCP4ClientEndpoint(reactor, a.require("proxyHost"), a.port("proxyPort"));
    return new SOCKS5ClientEndpoint(a.require("host"), a.port("port"), proxy,
        a.get("user", null), a.get("password", null));
  }
}
