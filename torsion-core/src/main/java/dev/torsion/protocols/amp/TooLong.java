package dev.torsion.protocols.amp;

/**
 * A key or value is longer than AMP allows (Twisted's {@code amp.TooLong}): keys are at most
 * {@value AmpBox#MAX_KEY_LENGTH} bytes, values at most {@value AmpBox#MAX_VALUE_LENGTH}.
 *
 * <pre>{@code
 * AmpBox box = new AmpBox();
 * box.put("k", new byte[70_000]);
 * box.serialize();   // throws TooLong: value of key 'k' is 70000 bytes, more than 65535
 * }</pre>
 */
public final class TooLong extends AmpError {
  private static final long serialVersionUID = 1L;

  public TooLong(String message) {
    super(message);
  }
}
