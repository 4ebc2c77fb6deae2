package dev.torsion.protocols.amp;

/**
 * The peer sent bytes that are not AMP, or a box over this side's limits (Twisted's {@code
 * amp.MalformedAmpBox}); the connection is closed and calls still waiting fail with it.
 *
 * <pre>{@code
 * amp.callRemote(SUM, new Sum(1, 2)).addErrback(f -> {
 *   f.trap(MalformedAmpBox.class);   // the peer broke the framing; reconnect or give up
 *   return null;
 * });
 * }</pre>
 */
public final class MalformedAmpBox extends AmpError {
  private static final long serialVersionUID = 1L;

  public MalformedAmpBox(String message) {
    super(message);
  }
}
