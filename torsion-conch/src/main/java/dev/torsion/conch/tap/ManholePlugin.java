package dev.torsion.conch.tap;

import dev.torsion.application.MultiService;
import dev.torsion.application.Service;
import dev.torsion.conch.manhole.Manhole;
import dev.torsion.conch.manhole.ManholeSession;
import dev.torsion.conch.manhole.ManholeTelnet;
import dev.torsion.conch.ssh.ConchUser;
import dev.torsion.conch.ssh.HostKey;
import dev.torsion.conch.ssh.SSHServerFactory;
import dev.torsion.conch.ssh.SSHSession;
import dev.torsion.cred.CredentialsChecker;
import dev.torsion.cred.LoginLimiter;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.internet.Factory;
import dev.torsion.plugin.CommonOptions;
import dev.torsion.plugin.Listen;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.UsageError;
import java.util.List;

/**
 * {@code torsion manhole --telnet tcp:8023:interface=127.0.0.1} or {@code torsion manhole --ssh
 * tcp:2222 --host-key FILE --user admin=PASSWORD}: a Java shell (JShell) into this process over
 * telnet or SSH, with {@code reactor} bound; Twisted's {@code twistd manhole}.
 * Telnet has no login and no encryption, so a listener off loopback is refused unless
 * {@code --allow-remote-telnet} says otherwise.
 */
public final class ManholePlugin implements Plugin {
  @Override
  public String name() {
    return "manhole";
  }

  @Override
  public String description() {
    return "Java shell (JShell) into this process over telnet, like twistd manhole";
  }

  @Override
  public List<Option> options() {
    List<Option> o = new java.util.ArrayList<>(List.of(
        CommonOptions.listen("telnet", null,
            "where a telnet manhole listens (loopback only unless --allow-remote-telnet)"),
        Option.flag("allow-remote-telnet",
            "let the telnet manhole listen beyond loopback: anyone who reaches it runs code here"),
        CommonOptions.listen("ssh", null, "where an SSH manhole listens (needs --host-key, --user)"),
        Option.value("host-key", "FILE", null,
            "the SSH manhole's host key (OpenSSH format; generated when missing)")));
    o.addAll(CommonOptions.users());
    return o;
  }

  static boolean loopback(String endpoint) {
    String e = endpoint.toLowerCase(java.util.Locale.ROOT);
    return e.startsWith("unix:") || e.contains("interface=127.") || e.contains("interface=localhost")
        || e.contains("interface=\\:\\:1") || e.contains("interface=[::1]");
  }

  @Override
  public Service makeService(Options options) {
    for (String endpoint : options.getAll("telnet")) {
      if (!loopback(endpoint) && !options.has("allow-remote-telnet")) {
        throw new UsageError("--telnet " + endpoint + " is not on loopback; telnet has no login"
            + " (add interface=127.0.0.1, or --allow-remote-telnet)");
      }
    }
    List<String> telnet = options.getAll("telnet");
    List<String> ssh = options.getAll("ssh");
    if (telnet.isEmpty() && ssh.isEmpty()) {
      throw new UsageError("give --telnet ENDPOINT or --ssh ENDPOINT (or both)");
    }
    Manhole.bind("reactor", options.reactor());
    MultiService all = new MultiService();
    if (!telnet.isEmpty()) {
      CommonOptions.listenAll(options, "telnet",
          Factory.forProtocol(() -> new ManholeTelnet(options.reactor()))).setServiceParent(all);
    }
    if (!ssh.isEmpty()) {
      CredentialsChecker users = CommonOptions.checker(options);
      if (users == null) {
        throw new UsageError("--ssh needs --user NAME=PASSWORD or --password-file FILE");
      }
      if (options.get("host-key") == null) {
        throw new UsageError("--ssh needs --host-key FILE (a missing file is generated)");
      }
      HostKey key;
      try {
        key = HostKey.loadOrGenerate(java.nio.file.Path.of(options.get("host-key")));
      } catch (java.io.IOException e) {
        throw new StartupError("--host-key: " + Listen.describe("cannot use", e), e);
      }
      Portal portal = new Portal(Realm.of(ConchUser.class, id -> new ConchUser() {
        @Override
        public SSHSession openSession() {
          return new ManholeSession(options.reactor());
        }
      }), users);
      portal.setLimiter(new LoginLimiter(options.reactor()));
      CommonOptions.listenAll(options, "ssh",
          new SSHServerFactory(options.reactor(), portal, List.of(key))).setServiceParent(all);
    }
    return all;
  }
}
