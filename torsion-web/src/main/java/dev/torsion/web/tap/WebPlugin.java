package dev.torsion.web.tap;

import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Required;
import dev.torsion.application.MultiService;
import dev.torsion.application.Service;
import dev.torsion.internet.Deferred;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import dev.torsion.cred.Checkers;
import dev.torsion.cred.CredentialsChecker;
import dev.torsion.cred.LoginLimiter;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.plugin.CommonOptions;
import dev.torsion.web.guard.BasicCredentialFactory;
import dev.torsion.web.guard.DigestCredentialFactory;
import dev.torsion.web.guard.HTTPAuthSessionWrapper;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StaticFile;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torsion web --listen tcp:8080 --path DIR}: serves a directory over HTTP, Twisted's
 * {@code twist web --path}, beside the web code as Twisted's {@code twisted/web/tap.py} is.
 */
public final class WebPlugin implements Plugin {
  /** Its factories share no mutable state, and protocols time and connect on their own reactor. */
  @Override
  public final boolean supportsManyReactors() {
    return true;
  }

  @Override
  public String name() {
    return "web";
  }

  @Override
  public String description() {
    return "HTTP/1.1 and HTTP/2 server for the static files under --path";
  }

  @Override
  public List<Option> options() {
    List<Option> options = new ArrayList<>(List.of(
        Option.repeatable("listen", "ENDPOINT", "tcp:8080",
            "where to listen, such as tcp:8080 or ssl:8443:privateKey=server.pem; may be repeated"),
        Option.value("path", "DIR", null, "the directory (or file) to serve (required)"),
        Option.value("timeout", "SECONDS", "60", "close connections idle (or slow to send a request) this long"),
        Option.value("access-log", "FILE", null, "append a combined-format access log to FILE"),
        Option.value("auth", "FILE", null,
            "require a login (HTTP Basic) from the users in FILE, written by './torsion passwd'"),
        Option.value("auth-realm", "NAME", "torsion", "the realm named in the login challenge"),
        Option.flag("no-http2", "speak HTTP/1.1 only (HTTP/2 is on by default: h2 by ALPN on ssl:,"
            + " h2c on tcp:)")));
    // --user adds users with plaintext passwords, which also lets Digest (RFC 7616) be offered.
    options.addAll(CommonOptions.users());
    return options;
  }

  @Override
  public Service makeService(Options options) {
    String path = options.get("path");
    if (path == null || path.isEmpty()) {
      throw new UsageError("--path is required");
    }
    Path dir = Path.of(path);
    if (!Files.exists(dir)) {
      throw new StartupError("--path: no such file or directory: " + dir);
    }
    if (!Files.isReadable(dir) || (Files.isDirectory(dir) && !Files.isExecutable(dir))) {
      throw new StartupError("--path: cannot read " + dir + ": permission denied");
    }
    Site site = new Site(guard(new StaticFile(dir), options), options.reactor());
    site.setTimeout(seconds(options.get("timeout")));
    if (options.has("no-http2")) {
      site.setHttp2Limits(null);
    }
    String log = options.get("access-log");
    AccessLogFile accessLog = null;
    if (log != null) {
      try {
        accessLog = new AccessLogFile(Path.of(log));
      } catch (IOException e) {
        throw new StartupError("--access-log: " + Listen.describe("cannot open", e), e);
      }
      site.setAccessLog(accessLog);
    }
    MultiService service = accessLog == null ? new MultiService() : new Logged(accessLog);
    for (String listen : options.getAll("listen")) {
      Listen.service(listen, site, options.reactor()).setServiceParent(service);
    }
    return service;
  }

  /** The listening services, and the access log closed once they have all stopped. */
  private static final class Logged extends MultiService {
    private final AccessLogFile accessLog;

    Logged(AccessLogFile accessLog) {
      this.accessLog = accessLog;
    }

    @Override
    public Deferred<Void> stopService() {
      Deferred<Void> stopped = super.stopService();
      stopped.addBoth(r -> {
        accessLog.close();
        return r; // a Failure passes on as one
      });
      return stopped;
    }
  }

  /**
   * The root behind HTTP authentication when --auth, --password-file or --user names users:
   * Digest (SHA-256, then MD5) when some user has a plaintext password, and Basic.
   */
  private static Resource guard(Resource root, Options options) {
    List<CredentialsChecker> checkers = new ArrayList<>();
    CredentialsChecker users = CommonOptions.checker(options);
    if (users != null) {
      checkers.add(users);
    }
    CredentialsChecker auth = CommonOptions.passwordFile(options, "auth");
    if (auth != null) {
      checkers.add(auth);
    }
    if (checkers.isEmpty()) {
      return root;
    }
    String realmName = options.get("auth-realm");
    Portal portal = new Portal(Realm.of(Resource.class, id -> root),
        Checkers.anyOf(checkers.toArray(new CredentialsChecker[0])));
    portal.setLimiter(new LoginLimiter(options.reactor()));
    try {
      return new HTTPAuthSessionWrapper(portal, List.of(
          new DigestCredentialFactory("SHA-256", realmName, options.reactor()),
          new DigestCredentialFactory("MD5", realmName, options.reactor()),
          new BasicCredentialFactory(realmName)));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--auth-realm: " + e.getMessage());
    }
  }

  private static double seconds(String v) {
    try {
      double d = Double.parseDouble(v);
      if (d > 0 && !Double.isInfinite(d)) {
        return d;
      }
    } catch (NumberFormatException | NullPointerException e) {
      // fall through to the usage error
    }
    throw new UsageError("--timeout must be a number of seconds, not '" + v + "'");
  }
}
