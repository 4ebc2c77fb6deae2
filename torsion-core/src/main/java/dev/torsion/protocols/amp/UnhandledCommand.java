package dev.torsion.protocols.amp;

/**
 * The peer has no responder for the command (error code {@value AMP#UNHANDLED_ERROR_CODE},
 * Twisted's {@code amp.UnhandledCommand}).
 *
 * <pre>{@code
 * amp.callRemote(NEW_FEATURE, args).addErrback(f -> {
 *   f.trap(UnhandledCommand.class);   // an older peer: fall back
 *   return amp.callRemote(OLD_FEATURE, oldArgs);
 * });
 * }</pre>
 */
public final class UnhandledCommand extends RemoteAmpError {
  private static final long serialVersionUID = 1L;

  public UnhandledCommand(String errorCode, String description) {
    super(errorCode, description);
  }
}
