package dev.torsion.tap;

import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Required;
import dev.torsion.application.Service;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.HostnameEndpoint;
import dev.torsion.protocols.socks.AllowList;
import dev.torsion.protocols.socks.Dialer;
import dev.torsion.protocols.socks.SocksServer;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.UsageError;
import java.util.List;

/**
 * {@code torsion socks --listen tcp:1080 [--allow example.com:443,...]}: a SOCKS4/4a/5 CONNECT
 * proxy without authentication (see {@link SocksServer}). Keep it on localhost, or give it an
 * allow-list: an open proxy is an open door.
 *
 * <pre>{@code
 * ./torsion socks --listen tcp:1080:interface=127.0.0.1 --allow example.com:443
 * }</pre>
 */
public final class SocksPlugin implements Plugin {
  /** Its factories share no mutable state, and protocols time and connect on their own reactor. */
  @Override
  public final boolean supportsManyReactors() {
    return true;
  }

  @Override
  public String name() {
    return "socks";
  }

  @Override
  public String description() {
    return "SOCKS4, 4a and 5 CONNECT proxy (no auth), with an optional allow-list";
  }

  @Override
  public List<Option> options() {
    return List.of(
        Option.value("listen", "ENDPOINT", "tcp:1080:interface=127.0.0.1", "where to accept clients"),
        Option.value("allow", "HOST:PORT,...", null,
            "only these destinations (port * for any); default: any"),
        Option.value("connect-timeout", "SECONDS", "30", "give up on a destination after this long"));
  }

  @Override
  public Service makeService(Options options) {
    Reactor reactor = options.reactor();
    double timeout = Required.seconds(options, "connect-timeout");
    AllowList allow = AllowList.ANY;
    if (options.get("allow") != null) {
      try {
        allow = AllowList.parse(options.get("allow"));
      } catch (IllegalArgumentException e) {
        throw new UsageError("--allow: " + e.getMessage());
      }
    }
    Dialer dialer =
        (host, port, factory) ->
            new HostnameEndpoint(reactor, host, port, timeout, null, HostnameEndpoint.DEFAULT_ATTEMPT_DELAY)
                .connect(factory);
    return Listen.service(options.get("listen"), SocksServer.factory(dialer, allow), reactor);
  }
}
