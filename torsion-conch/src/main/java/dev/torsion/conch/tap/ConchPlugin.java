package dev.torsion.conch.tap;

import dev.torsion.application.Service;
import dev.torsion.conch.ssh.ConchUser;
import dev.torsion.conch.ssh.HostKey;
import dev.torsion.conch.ssh.SSHServerFactory;
import dev.torsion.conch.ssh.UnixConchUser;
import dev.torsion.cred.AuthorizedKeysChecker;
import dev.torsion.cred.CredentialsChecker;
import dev.torsion.cred.LoginLimiter;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.plugin.CommonOptions;
import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Pattern;

/**
 * {@code torsion conch --listen tcp:2222 --host-key FILE --authorized-keys alice=FILE}: an SSH
 * server whose sessions run a real shell as the server's own OS user, Twisted's {@code twistd
 * conch}. Users log in with a password ({@code --user}, {@code --password-file}) or a key
 * ({@code --authorized-keys NAME=FILE}, or {@code --authorized-keys-home DIR} for
 * DIR/NAME/.ssh/authorized_keys); {@code --sftp-root DIR} adds SFTP confined to DIR.
 */
public final class ConchPlugin implements Plugin {
  /** User names that are safe as a path segment under --authorized-keys-home. */
  private static final Pattern USER_NAME = Pattern.compile("[A-Za-z0-9_][A-Za-z0-9_.-]{0,63}");

  @Override
  public String name() {
    return "conch";
  }

  @Override
  public String description() {
    return "SSH server running a shell (and SFTP) for its users, like twistd conch";
  }

  @Override
  public List<Option> options() {
    List<Option> o = new ArrayList<>(List.of(
        CommonOptions.listen("listen", "tcp:2222", "where to listen; may be repeated"),
        Option.repeatable("host-key", "FILE", null, "an OpenSSH private host key file;"
            + " an ssh-ed25519 key is generated there when it is missing (required; repeatable)"),
        Option.repeatable("authorized-keys", "NAME=FILE", null,
            "NAME may log in with the keys in FILE (OpenSSH authorized_keys format); repeatable"),
        Option.value("authorized-keys-home", "DIR", null,
            "any user NAME may log in with the keys in DIR/NAME/.ssh/authorized_keys"),
        Option.value("shell", "PROGRAM", "/bin/sh",
            "what exec (PROGRAM -c COMMAND) and shell requests run, as this process's user"),
        Option.value("sftp-root", "DIR", null, "serve SFTP confined to DIR (default: no SFTP)"),
        Option.flag("allow-tcp-forwarding", "allow ssh -L to and ssh -R on loopback addresses"),
        Option.value("keepalive", "SECONDS", "0",
            "probe a quiet client this often and drop it after 3 unanswered probes (0: never)"),
        Option.value("login-grace", "SECONDS", "120", "disconnect clients not logged in by then")));
    o.addAll(CommonOptions.users());
    return o;
  }

  @Override
  public Service makeService(Options options) {
    List<HostKey> keys = hostKeys(options.getAll("host-key"));
    String shell = options.get("shell");
    if (!Files.isExecutable(Path.of(shell))) {
      throw new StartupError("--shell: " + shell + " is not an executable file");
    }
    Path sftpRoot = null;
    if (options.get("sftp-root") != null) {
      sftpRoot = Path.of(options.get("sftp-root"));
      if (!Files.isDirectory(sftpRoot)) {
        throw new StartupError("--sftp-root: " + sftpRoot + " is not a directory");
      }
    }
    List<CredentialsChecker> checkers = new ArrayList<>();
    CredentialsChecker passwords = CommonOptions.checker(options);
    if (passwords != null) {
      checkers.add(passwords);
    }
    CredentialsChecker keyChecker = keyChecker(options);
    if (keyChecker != null) {
      checkers.add(keyChecker);
    }
    if (checkers.isEmpty()) {
      throw new UsageError("nobody could log in: give --user, --password-file,"
          + " --authorized-keys or --authorized-keys-home");
    }
    Path root = sftpRoot;
    boolean forwarding = options.has("allow-tcp-forwarding");
    Realm realm = Realm.of(ConchUser.class,
        id -> new UnixConchUser(options.reactor(), shell, root, forwarding));
    Portal portal = new Portal(realm, checkers);
    portal.setLimiter(new LoginLimiter(options.reactor()));
    SSHServerFactory factory = new SSHServerFactory(options.reactor(), portal, keys)
        .setKeepAliveSeconds(seconds(options, "keepalive"))
        .setLoginGraceSeconds(seconds(options, "login-grace"));
    return CommonOptions.listenAll(options, "listen", factory);
  }

  private static double seconds(Options options, String name) {
    try {
      double v = Double.parseDouble(options.get(name));
      if (v < 0 || Double.isNaN(v) || Double.isInfinite(v)) {
        throw new NumberFormatException();
      }
      return v;
    } catch (NumberFormatException e) {
      throw new UsageError("--" + name + ": not a number of seconds: " + options.get(name));
    }
  }

  private static List<HostKey> hostKeys(List<String> files) {
    if (files.isEmpty()) {
      throw new UsageError("--host-key is required (a missing file is generated)");
    }
    List<HostKey> keys = new ArrayList<>();
    for (String f : files) {
      try {
        keys.add(HostKey.loadOrGenerate(Path.of(f)));
      } catch (IOException e) {
        throw new StartupError("--host-key: " + Listen.describe("cannot use", e), e);
      }
    }
    return keys;
  }

  private static CredentialsChecker keyChecker(Options options) {
    Map<String, Path> files = new HashMap<>();
    for (String entry : options.getAll("authorized-keys")) {
      int eq = entry.indexOf('=');
      if (eq <= 0 || eq == entry.length() - 1) {
        throw new UsageError("--authorized-keys: expected NAME=FILE, got " + entry);
      }
      Path file = Path.of(entry.substring(eq + 1));
      if (!Files.isReadable(file)) {
        throw new StartupError("--authorized-keys: cannot read " + file);
      }
      files.put(entry.substring(0, eq), file);
    }
    String home = options.get("authorized-keys-home");
    if (home != null && !Files.isDirectory(Path.of(home))) {
      throw new StartupError("--authorized-keys-home: " + home + " is not a directory");
    }
    if (files.isEmpty() && home == null) {
      return null;
    }
    return new AuthorizedKeysChecker(options.reactor(), user -> {
      Path listed = files.get(user);
      if (listed != null) {
        return listed;
      }
      if (home != null && USER_NAME.matcher(user).matches()) {
        return Path.of(home, user, ".ssh", "authorized_keys");
      }
      return null;
    });
  }
}
