package dev.torsion.cred;

import dev.torsion.internet.Deferred;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Set;

/**
 * Checkers made of other checkers.
 *
 * <pre>{@code
 * // --user entries first, then the password file
 * CredentialsChecker users = Checkers.anyOf(inMemory, passwordFile);
 * }</pre>
 */
public final class Checkers {
  private Checkers() {}

  /**
   * A checker that asks each of {@code checkers} that understands the credentials, in order, and
   * proves the first id any of them proves; {@link UnauthorizedLogin} when none does.
   */
  public static CredentialsChecker anyOf(CredentialsChecker... checkers) {
    List<CredentialsChecker> all = List.of(checkers);
    if (all.size() == 1) {
      return all.get(0);
    }
    Set<Class<? extends Credentials>> kinds = new LinkedHashSet<>();
    for (CredentialsChecker c : all) {
      kinds.addAll(c.credentialInterfaces());
    }
    Set<Class<? extends Credentials>> understood = Set.copyOf(kinds);
    return new CredentialsChecker() {
      @Override
      public Set<Class<? extends Credentials>> credentialInterfaces() {
        return understood;
      }

      @Override
      public Deferred<String> requestAvatarId(Credentials credentials) {
        return tryFrom(all, 0, credentials);
      }
    };
  }

  private static Deferred<String> tryFrom(
      List<CredentialsChecker> all, int i, Credentials credentials) {
    for (; i < all.size(); i++) {
      CredentialsChecker c = all.get(i);
      if (understands(c, credentials)) {
        int next = i + 1;
        Deferred<String> out = new Deferred<>();
        c.requestAvatarId(credentials).addCallbacks(id -> {
          out.callback(id);
          return null;
        }, f -> {
          if (f.check(UnauthorizedLogin.class) == null) {
            out.errback(f.value());
          } else {
            tryFrom(all, next, credentials).chainDeferred(out);
          }
          return null;
        });
        return out;
      }
    }
    return Deferred.fail(new UnauthorizedLogin());
  }

  static boolean understands(CredentialsChecker c, Credentials credentials) {
    for (Class<? extends Credentials> k : c.credentialInterfaces()) {
      if (k.isInstance(credentials)) {
        return true;
      }
    }
    return false;
  }
}
