package dev.torsion.conch.ssh;

/**
 * What a logged-in SSH user may do: the avatar a {@link dev.torsion.cred.Realm} builds for the
 * SSH server, Twisted's {@code IConchUser}. It opens sessions and decides about port
 * forwarding; a method left at its default refuses.
 *
 * <pre>{@code
 * Realm realm = Realm.of(ConchUser.class, user -> new ConchUser() {
 *   public SSHSession openSession() { return new ProcessSession(reactor, "/bin/sh"); }
 * });
 * }</pre>
 */
public interface ConchUser {
  /** A handler for a new session channel (RFC 4254 6.1), or null to refuse it. */
  default SSHSession openSession() {
    return null;
  }

  /** Whether {@code ssh -L} may connect to {@code host:port} (RFC 4254 7.2). */
  default boolean allowDirectTcpip(String host, int port) {
    return false;
  }

  /** Whether {@code ssh -R} may listen on {@code address:port} (RFC 4254 7.1). */
  default boolean allowTcpipForward(String address, int port) {
    return false;
  }
}
