package dev.torsion.tap;

import dev.torsion.cred.CredentialsChecker;
import dev.torsion.cred.LoginLimiter;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.plugin.CommonOptions;
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
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torsion socks --listen tcp:1080 [--allow example.com:443,...] [--user NAME=PASSWORD]...}:
 * a SOCKS4/4a/5 CONNECT proxy (see {@link SocksServer}). With {@code --user} or
 * {@code --password-file} every client logs in (SOCKS5 username/password, RFC 1929) and SOCKS4 is
 * refused; without, keep it on localhost or give it an allow-list: an open proxy is an open door.
 *
 * <pre>{@code
 * ./torsion socks --listen tcp:1080:interface=127.0.0.1 --allow example.com:443
 * ./torsion socks --listen tcp:1080 --password-file socks-users.txt
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
    return "SOCKS4, 4a and 5 CONNECT proxy, with an optional allow-list and SOCKS5 logins";
  }

  @Override
  public List<Option> options() {
    List<Option> options = new ArrayList<>(List.of(
        Option.value("listen", "ENDPOINT", "tcp:1080:interface=127.0.0.1", "where to accept clients"),
        Option.value("allow", "HOST:PORT,...", null,
            "only these destinations (port * for any); default: any"),
        Option.value("connect-timeout", "SECONDS", "30", "give up on a destination after this long")));
    options.addAll(CommonOptions.users());
    return options;
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
    CredentialsChecker checker = CommonOptions.checker(options);
    Portal portal = null;
    if (checker != null) {
      portal = new Portal(Realm.of(Object.class, id -> id), checker);
      portal.setLimiter(new LoginLimiter(reactor));
    }
    return Listen.service(options.get("listen"), SocksServer.factory(dialer, allow, portal), reactor);
  }
}
