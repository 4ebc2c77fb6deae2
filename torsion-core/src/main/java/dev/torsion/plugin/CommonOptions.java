package dev.torsion.plugin;

import dev.torsion.application.MultiService;
import dev.torsion.application.Service;
import dev.torsion.cred.Checkers;
import dev.torsion.cred.CredentialsChecker;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.PasswordFileChecker;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ssl.KeyMaterial;
import dev.torsion.internet.ssl.TLSOptions;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The options many plugins share, declared and parsed in one place so that every server reads
 * them the same way: {@code --listen ENDPOINT} (repeatable), {@code --user NAME=PASSWORD}
 * (repeatable), {@code --password-file FILE} (written by {@code ./torsion passwd}), and {@code
 * --certificate FILE --private-key FILE}.
 *
 * <pre>{@code
 * public List<Option> options() {
 *   List<Option> o = new ArrayList<>();
 *   o.add(CommonOptions.listen("listen", "tcp:2121", "where to listen"));
 *   o.addAll(CommonOptions.users());
 *   o.addAll(CommonOptions.tls());
 *   return o;
 * }
 * public Service makeService(Options options) {
 *   CredentialsChecker users = CommonOptions.checker(options);   // null when none were given
 *   TLSOptions tls = CommonOptions.tlsOptions(options);          // null without a certificate
 *   return CommonOptions.listenAll(options, "listen", factory);
 * }
 * }</pre>
 */
public final class CommonOptions {
  private CommonOptions() {}

  public static final String USER = "user";
  public static final String PASSWORD_FILE = "password-file";
  public static final String CERTIFICATE = "certificate";
  public static final String PRIVATE_KEY = "private-key";

  /** A repeatable endpoint option named {@code name} ({@code --listen}, {@code --smtp}, ...). */
  public static Option listen(String name, String defaultEndpoint, String help) {
    return Option.repeatable(name, "ENDPOINT", defaultEndpoint, help + "; may be repeated");
  }

  /** {@code --user NAME=PASSWORD} (repeatable) and {@code --password-file FILE}. */
  public static List<Option> users() {
    return List.of(
        Option.repeatable(USER, "NAME=PASSWORD", null, "a user who may log in; may be repeated"),
        Option.value(PASSWORD_FILE, "FILE", null,
            "users from FILE of NAME:HASH lines, written by './torsion passwd FILE NAME'"));
  }

  /** {@code --certificate FILE} and {@code --private-key FILE}, for STARTTLS and the like. */
  public static List<Option> tls() {
    return List.of(
        Option.value(CERTIFICATE, "FILE", null, "PEM certificate chain for TLS (with --private-key)"),
        Option.value(PRIVATE_KEY, "FILE", null, "PEM private key for TLS (with --certificate)"));
  }

  /** The in-memory users of the {@code --user} options, or an empty set. */
  public static InMemoryUsers inMemoryUsers(Options options) {
    InMemoryUsers users = new InMemoryUsers();
    if (!options.has(USER)) {
      return users;
    }
    for (String entry : options.getAll(USER)) {
      int eq = entry.indexOf('=');
      if (eq <= 0) {
        throw new UsageError("--user must be NAME=PASSWORD, not '" + entry + "'");
      }
      users.addUser(entry.substring(0, eq), entry.substring(eq + 1));
    }
    return users;
  }

  /**
   * The checker for {@code --user} and {@code --password-file}: the {@code --user} entries
   * first, then the file; null when neither option was given. A file that cannot be read or
   * parsed is a {@link StartupError} naming it (and the line).
   */
  public static CredentialsChecker checker(Options options) {
    List<CredentialsChecker> checkers = new ArrayList<>();
    InMemoryUsers users = inMemoryUsers(options);
    if (!users.usernames().isEmpty()) {
      checkers.add(users);
    }
    PasswordFileChecker file = passwordFile(options, PASSWORD_FILE);
    if (file != null) {
      checkers.add(file);
    }
    if (checkers.isEmpty()) {
      return null;
    }
    return Checkers.anyOf(checkers.toArray(new CredentialsChecker[0]));
  }

  /**
   * The password file named by the option {@code name} (such as {@code password-file}), or null
   * when it was not given; a {@link StartupError} naming the option, file and line when it cannot
   * be read or parsed.
   */
  public static PasswordFileChecker passwordFile(Options options, String name) {
    String file = options.get(name);
    if (file == null) {
      return null;
    }
    try {
      return PasswordFileChecker.open(Path.of(file), options.reactor());
    } catch (IOException e) {
      throw new StartupError("--" + name + ": " + Listen.describe("cannot read", e), e);
    } catch (IllegalArgumentException e) {
      throw new StartupError("--" + name + ": " + e.getMessage(), e);
    }
  }

  /** The key material of {@code --certificate} and {@code --private-key}, or null without them. */
  public static KeyMaterial keyMaterial(Options options) {
    String cert = options.get(CERTIFICATE);
    String key = options.get(PRIVATE_KEY);
    if (cert == null && key == null) {
      return null;
    }
    if (cert == null || key == null) {
      throw new UsageError("--certificate and --private-key go together");
    }
    try {
      return KeyMaterial.fromPem(Path.of(key), Path.of(cert));
    } catch (UncheckedIOException e) {
      throw new StartupError("--certificate/--private-key: " + e.getMessage(), e);
    } catch (IllegalArgumentException e) {
      throw new StartupError("--certificate/--private-key: " + e.getMessage(), e);
    }
  }

  /** Server TLS options for {@code --certificate}/{@code --private-key}, or null without them. */
  public static TLSOptions tlsOptions(Options options) {
    KeyMaterial km = keyMaterial(options);
    return km == null ? null : TLSOptions.forServer(km).build();
  }

  /** One listening service per value of the endpoint option {@code name}, under one parent. */
  public static Service listenAll(Options options, String name, Factory factory) {
    MultiService all = new MultiService();
    List<String> endpoints = options.getAll(name);
    if (endpoints.isEmpty()) {
      throw new UsageError("--" + name + " is required");
    }
    for (String endpoint : endpoints) {
      Listen.service(name, endpoint, factory, options.reactor()).setServiceParent(all);
    }
    return all;
  }
}
