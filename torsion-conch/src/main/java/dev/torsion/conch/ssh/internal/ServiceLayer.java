package dev.torsion.conch.ssh.internal;

/** A service on top of the transport (ssh-userauth, ssh-connection): RFC 4253 10. */
public interface ServiceLayer {
  /** Whether this service handles messages of {@code type}. */
  boolean accepts(int type);

  void handle(int type, SSHReader message);

  default void connectionLost() {}
}
