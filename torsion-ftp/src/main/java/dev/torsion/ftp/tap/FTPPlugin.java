package dev.torsion.ftp.tap;

import dev.torsion.application.Service;
import dev.torsion.cred.AllowAnonymousAccess;
import dev.torsion.cred.CredentialsChecker;
import dev.torsion.cred.LoginLimiter;
import dev.torsion.cred.Portal;
import dev.torsion.ftp.FTPFactory;
import dev.torsion.ftp.FTPRealm;
import dev.torsion.ftp.FTPServerOptions;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.plugin.CommonOptions;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.Required;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torsion ftp --listen tcp:2121 --root DIR [--anonymous] [--user NAME=PASSWORD]...}: an
 * FTP server rooted in a directory, Twisted's {@code twistd ftp}, beside the FTP code as
 * Twisted's {@code twisted/tap/ftp.py} is. Anonymous users may read; named users may also write.
 *
 * <pre>{@code
 * ./torsion ftp --listen tcp:2121 --root /srv/ftp --anonymous --user alice=s3cret \
 *     --passive-ports 50000-50100 --certificate cert.pem --private-key key.pem [--require-tls]
 * }</pre>
 */
public final class FTPPlugin implements Plugin {
  @Override
  public String name() {
    return "ftp";
  }

  @Override
  public String description() {
    return "FTP server (passive and active, AUTH TLS) rooted in --root";
  }

  @Override
  public List<Option> options() {
    List<Option> o = new ArrayList<>();
    o.add(CommonOptions.listen("listen", "tcp:2121", "where to listen"));
    o.add(Option.value("root", "DIR", null, "the directory users see as / (required)"));
    o.add(Option.flag("anonymous", "let anonymous users (USER anonymous or ftp) log in, read-only"));
    o.addAll(CommonOptions.users());
    o.add(Option.value("passive-ports", "LOW-HIGH", null, "listen for passive data connections in this range"));
    o.add(Option.value("idle-timeout", "SECONDS", "300", "close control connections idle this long"));
    o.addAll(CommonOptions.tls());
    o.add(Option.flag("require-tls", "refuse logins before AUTH TLS and transfers without PROT P"));
    return o;
  }

  @Override
  public Service makeService(Options options) {
    Path root = Path.of(Required.get(options, "root"));
    if (!Files.isDirectory(root)) {
      throw new StartupError("--root: not a directory: " + root);
    }
    if (!Files.isReadable(root) || !Files.isExecutable(root)) {
      throw new StartupError("--root: cannot read " + root + ": permission denied");
    }
    double idle = Required.seconds(options, "idle-timeout");
    List<CredentialsChecker> checkers = new ArrayList<>();
    CredentialsChecker users = CommonOptions.checker(options);
    if (users != null) {
      checkers.add(users);
    }
    if (options.has("anonymous")) {
      checkers.add(new AllowAnonymousAccess());
    }
    if (checkers.isEmpty()) {
      throw new UsageError("nobody could log in: give --anonymous, --user or --password-file");
    }
    Portal portal = new Portal(FTPRealm.of(root), checkers);
    portal.setLimiter(new LoginLimiter(options.reactor()));
    FTPServerOptions.Builder b = FTPServerOptions.builder(portal).idleTimeout(idle);
    TLSOptions tls = CommonOptions.tlsOptions(options);
    if (tls != null) {
      b.tls(tls);
    }
    if (options.has("require-tls")) {
      if (tls == null) {
        throw new UsageError("--require-tls needs --certificate and --private-key");
      }
      b.requireTLS(true);
    }
    String range = options.get("passive-ports");
    if (range != null) {
      int[] lh = parseRange(range);
      b.passivePorts(lh[0], lh[1]);
    }
    return CommonOptions.listenAll(options, "listen", new FTPFactory(b.build(), options.reactor()));
  }

  private static int[] parseRange(String range) {
    String[] parts = range.split("-", -1);
    try {
      if (parts.length == 2) {
        int low = Integer.parseInt(parts[0].trim());
        int high = Integer.parseInt(parts[1].trim());
        if (low >= 1024 && high <= 65535 && low <= high) {
          return new int[] {low, high};
        }
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new UsageError("--passive-ports must be LOW-HIGH within 1024-65535, not '" + range + "'");
  }
}
