package dev.torsion.cred;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;

/**
 * Where a protocol turns credentials into an avatar: it hands the credentials to a {@link
 * CredentialsChecker} that understands them, then asks the {@link Realm} for the avatar of the id
 * the checker proved. Twisted's {@code Portal}. Every server of Torsion (mail, conch, FTP, IRC,
 * the web's guard) logs users in through one.
 *
 * <pre>{@code
 * Portal portal = new Portal(Realm.of(Shell.class, Shell::new),
 *     PasswordFileChecker.open(Path.of("users.passwd"), reactor));
 * portal.setLimiter(new LoginLimiter(reactor));
 * portal.login(new UsernamePassword(user, pass), transport.getPeer(), null, Shell.class)
 *     .addCallback(login -> { shell = login.avatar(); return null; })
 *     .addErrback(f -> { f.trap(LoginFailed.class); reply("530 Login incorrect"); return null; });
 * }</pre>
 *
 * <p>Failures are uniform: a wrong password and an unknown user both give {@link
 * UnauthorizedLogin} with the same message, and the shipped checkers take the same time for
 * both. With a {@link LoginLimiter}, a source address that keeps failing is slowed down.
 */
public final class Portal {
  private final Realm realm;
  private final List<CredentialsChecker> checkers = new ArrayList<>();
  private volatile LoginLimiter limiter;

  public Portal(Realm realm, CredentialsChecker... checkers) {
    this.realm = Objects.requireNonNull(realm, "realm");
    this.checkers.addAll(Arrays.asList(checkers));
  }

  public Portal(Realm realm, List<? extends CredentialsChecker> checkers) {
    this.realm = Objects.requireNonNull(realm, "realm");
    this.checkers.addAll(checkers);
  }

  public Realm realm() {
    return realm;
  }

  /** Adds a checker; the first one that understands a kind of credentials decides for it. */
  public synchronized Portal registerChecker(CredentialsChecker checker) {
    checkers.add(Objects.requireNonNull(checker, "checker"));
    return this;
  }

  /** The kinds of credentials some checker here understands (Twisted's listCredentialsInterfaces). */
  public synchronized List<Class<? extends Credentials>> listCredentialsInterfaces() {
    List<Class<? extends Credentials>> out = new ArrayList<>();
    for (CredentialsChecker c : checkers) {
      for (Class<? extends Credentials> k : c.credentialInterfaces()) {
        if (!out.contains(k)) {
          out.add(k);
        }
      }
    }
    return out;
  }

  /** True when some checker understands credentials of {@code kind}. */
  public boolean accepts(Class<? extends Credentials> kind) {
    return checkerFor(kind) != null;
  }

  /** Limits failed attempts per source address; null (the default) for no limit. */
  public void setLimiter(LoginLimiter limiter) {
    this.limiter = limiter;
  }

  public LoginLimiter limiter() {
    return limiter;
  }

  /** {@link #login(Credentials, Address, Object, Class[])} for one interface, typed. */
  public <T> Deferred<Login<T>> login(Credentials credentials, Object mind, Class<T> iface) {
    return login(credentials, null, mind, iface);
  }

  /** {@link #login(Credentials, Address, Object, Class[])} for one interface, typed. */
  @SuppressWarnings("unchecked")
  public <T> Deferred<Login<T>> login(
      Credentials credentials, Address source, Object mind, Class<T> iface) {
    Deferred<Login<?>> d = loginAny(credentials, source, mind, List.of(iface));
    return d.addCallback(login -> (Login<T>) login.as(iface));
  }

  /**
   * Logs in: the avatar for the first of {@code interfaces} the realm builds, for the id the
   * credentials prove. {@code source} (the client's address, or null) is what the limiter counts
   * failures by.
   */
  public Deferred<Login<?>> login(
      Credentials credentials, Address source, Object mind, Class<?>... interfaces) {
    return loginAny(credentials, source, mind, List.of(interfaces));
  }

  private Deferred<Login<?>> loginAny(
      Credentials credentials, Address source, Object mind, List<Class<?>> interfaces) {
    Objects.requireNonNull(credentials, "credentials");
    CredentialsChecker checker = checkerFor(credentials.getClass());
    if (checker == null) {
      return Deferred.fail(new UnhandledCredentials(
          "no checker for " + credentials.getClass().getSimpleName()));
    }
    LoginLimiter limit = limiter;
    String key = LoginLimiter.key(source);
    Deferred<String> id;
    if (limit == null || key == null) {
      id = checker.requestAvatarId(credentials);
    } else {
      id = limit.check(key, () -> checker.requestAvatarId(credentials));
    }
    Deferred<Login<?>> result = new Deferred<>();
    id.addCallbacks(
        avatarId -> {
          realm.requestAvatar(avatarId, mind, interfaces).chainDeferred(result);
          return null;
        },
        failure -> {
          result.errback(failure.value());
          return null;
        });
    return result;
  }

  private synchronized CredentialsChecker checkerFor(Class<?> kind) {
    for (CredentialsChecker c : checkers) {
      for (Class<? extends Credentials> k : c.credentialInterfaces()) {
        if (k.isAssignableFrom(kind)) {
          return c;
        }
      }
    }
    return null;
  }

  static Throwable unwrap(Object f) {
    return f instanceof Failure failure ? failure.value() : (Throwable) f;
  }
}
