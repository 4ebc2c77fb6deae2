package dev.torsion.conch.client;

/**
 * The SSH connection ended for a reason other than host key or login: a protocol error, no
 * algorithm in common, the server closing. {@link #reason} is the RFC 4253 11.1 code.
 *
 * <pre>{@code
 * if (failure.value() instanceof SSHDisconnected d && d.reason == 3) log("no common algorithm");
 * }</pre>
 */
public final class SSHDisconnected extends Exception {
  public final int reason;

  public SSHDisconnected(int reason, String message) {
    super(message + " (reason " + reason + ")");
    this.reason = reason;
  }
}
