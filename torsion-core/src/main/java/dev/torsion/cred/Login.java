package dev.torsion.cred;

import java.util.Objects;

/**
 * The result of a successful {@link Portal#login}: which interface the avatar was built for, the
 * avatar itself, and what to call when the session ends. Twisted's {@code (interface, avatar,
 * logout)} tuple.
 *
 * <pre>{@code
 * portal.login(creds, null, Mailbox.class).addCallback(login -> {
 *   Mailbox box = login.avatar();
 *   ...
 *   login.logout().run();          // at connectionLost
 *   return null;
 * });
 * }</pre>
 *
 * @param <T> the avatar's type
 * @param iface the interface the avatar implements, one of those asked for
 * @param avatar the user's object for this protocol (a mailbox, a shell, a file system view)
 * @param logout called once when the protocol is done with the avatar
 * @param avatarId the id the checker proved (a user name, or {@link Anonymous#AVATAR_ID})
 */
public record Login<T>(Class<T> iface, T avatar, Runnable logout, String avatarId) {
  public Login {
    Objects.requireNonNull(iface, "iface");
    Objects.requireNonNull(avatar, "avatar");
    Objects.requireNonNull(logout, "logout");
    Objects.requireNonNull(avatarId, "avatarId");
  }

  /** A login whose logout does nothing. */
  public static <T> Login<T> of(Class<T> iface, T avatar, String avatarId) {
    return new Login<>(iface, avatar, () -> {}, avatarId);
  }

  /** This login as one for {@code type}, when its avatar is one; else a ClassCastException. */
  public <U> Login<U> as(Class<U> type) {
    return new Login<>(type, type.cast(avatar), logout, avatarId);
  }
}
