package dev.torsion.conch.ssh.internal;

/**
 * A peer broke the protocol: the transport sends SSH_MSG_DISCONNECT with {@link #reason} and
 * closes (RFC 4253 11.1).
 */
public final class SSHProtocolError extends RuntimeException {
  public static final int HOST_NOT_ALLOWED_TO_CONNECT = 1;
  public static final int PROTOCOL_ERROR = 2;
  public static final int KEY_EXCHANGE_FAILED = 3;
  public static final int MAC_ERROR = 5;
  public static final int SERVICE_NOT_AVAILABLE = 7;
  public static final int PROTOCOL_VERSION_NOT_SUPPORTED = 8;
  public static final int HOST_KEY_NOT_VERIFIABLE = 9;
  public static final int CONNECTION_LOST = 10;
  public static final int BY_APPLICATION = 11;
  public static final int TOO_MANY_CONNECTIONS = 12;
  public static final int AUTH_CANCELLED_BY_USER = 13;
  public static final int NO_MORE_AUTH_METHODS_AVAILABLE = 14;

  public final int reason;

  public SSHProtocolError(int reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }
}
