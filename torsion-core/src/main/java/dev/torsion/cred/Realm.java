package dev.torsion.cred;

import dev.torsion.internet.Deferred;
import java.util.List;
import java.util.function.Function;

/**
 * Builds the avatar, the user's object for one protocol, once a checker has proved who the user
 * is: Twisted's {@code IRealm}. The same avatar id may get a mailbox from the mail realm and a
 * shell from the SSH realm.
 *
 * <pre>{@code
 * Realm realm = Realm.of(Mailbox.class, avatarId -> maildir.mailboxFor(avatarId));
 * }</pre>
 */
public interface Realm {
  /**
   * The avatar for {@code avatarId} implementing the first of {@code interfaces} this realm can
   * build, or a failure ({@link UnhandledCredentials} when it builds none of them).
   *
   * @param mind the protocol's object for the client side (Twisted's mind), or null
   */
  Deferred<Login<?>> requestAvatar(String avatarId, Object mind, List<Class<?>> interfaces);

  /** A realm that builds avatars of one type with {@code make}; the logout does nothing. */
  static <T> Realm of(Class<T> iface, Function<String, ? extends T> make) {
    return (avatarId, mind, interfaces) -> {
      for (Class<?> wanted : interfaces) {
        if (wanted.isAssignableFrom(iface)) {
          try {
            T avatar = make.apply(avatarId);
            return Deferred.succeed(Login.of(iface, avatar, avatarId));
          } catch (RuntimeException e) {
            return Deferred.fail(e);
          }
        }
      }
      return Deferred.fail(new UnhandledCredentials("this realm makes no " + interfaces));
    };
  }
}
