package dev.torsion.conch.client;

/**
 * The server's host key is not one known_hosts trusts for it (unknown, changed or revoked):
 * the connection was dropped before anything was sent. ssh's "Host key verification failed".
 *
 * <pre>{@code
 * d.addErrback(f -> { if (f.value() instanceof HostKeyRejected) warn(f.value().getMessage()); return null; });
 * }</pre>
 */
public final class HostKeyRejected extends Exception {
  public HostKeyRejected(String message) {
    super(message);
  }
}
