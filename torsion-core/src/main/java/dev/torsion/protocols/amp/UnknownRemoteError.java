package dev.torsion.protocols.amp;

/**
 * The peer failed a command with a code this command does not declare, typically {@value
 * AMP#UNKNOWN_ERROR_CODE} for an unexpected exception in its responder (Twisted's {@code
 * amp.UnknownRemoteError}).
 *
 * <pre>{@code
 * amp.callRemote(DIVIDE, new Divide(1, 0)).addErrback(f -> {
 *   if (f.check(UnknownRemoteError.class) != null) { ... }   // not ZERO_DIVISION: a bug there
 *   return null;
 * });
 * }</pre>
 */
public final class UnknownRemoteError extends RemoteAmpError {
  private static final long serialVersionUID = 1L;

  public UnknownRemoteError(String errorCode, String description) {
    super(errorCode, description);
  }
}
