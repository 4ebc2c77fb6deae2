package dev.torsion.protocols.amp.internal;

import dev.torsion.protocols.amp.AmpBox;
import dev.torsion.protocols.amp.MalformedAmpBox;
import java.nio.charset.StandardCharsets;
import java.util.function.Consumer;

/**
 * Incremental AMP box parser: bytes in any split, each whole box handed to the sink.
 *
 * <pre>
 *   KEYLEN(2) ──0──> box done, back to KEYLEN
 *      │ 1..255 (a first byte other than 0 is a key over 255: not AMP)
 *      v
 *   KEY(KEYLEN) ──> VALUELEN(2) ──> VALUE(VALUELEN) ──> KEYLEN
 * </pre>
 *
 * Limits are checked before a byte is buffered: at most {@code maxBoxBytes} of keys and values
 * in one box and at most {@code maxKeys} pairs. Any violation throws {@link MalformedAmpBox} and
 * the parser is dead from then on (the connection is to be closed).
 */
public final class BoxParser {
  private enum State { KEY_LENGTH, KEY, VALUE_LENGTH, VALUE }

  private final Consumer<AmpBox> sink;
  private final int maxBoxBytes;
  private final int maxKeys;

  private State state = State.KEY_LENGTH;
  private final byte[] lengthBytes = new byte[2];
  private int lengthHave;
  private byte[] field;
  private int fieldHave;
  private String key;
  private AmpBox box = new AmpBox();
  private int boxBytes;
  private boolean dead;

  public BoxParser(Consumer<AmpBox> sink, int maxBoxBytes, int maxKeys) {
    this.sink = sink;
    this.maxBoxBytes = maxBoxBytes;
    this.maxKeys = maxKeys;
  }

  /** True between boxes: nothing of a next box has arrived yet. */
  public boolean isIdle() {
    return !dead && state == State.KEY_LENGTH && lengthHave == 0 && box.size() == 0;
  }

  public void feed(byte[] data) {
    feed(data, 0, data.length);
  }

  public void feed(byte[] data, int off, int len) {
    if (dead) {
      throw new MalformedAmpBox("parser already failed");
    }
    try {
      int i = off;
      int end = off + len;
      while (i < end) {
        switch (state) {
          case KEY_LENGTH, VALUE_LENGTH -> {
            lengthBytes[lengthHave++] = data[i++];
            if (lengthHave == 2) {
              lengthHave = 0;
              lengthComplete(((lengthBytes[0] & 0xff) << 8) | (lengthBytes[1] & 0xff));
            }
          }
          case KEY, VALUE -> {
            int n = Math.min(end - i, field.length - fieldHave);
            System.arraycopy(data, i, field, fieldHave, n);
            fieldHave += n;
            i += n;
            if (fieldHave == field.length) {
              fieldComplete();
            }
          }
        }
      }
    } catch (MalformedAmpBox e) {
      dead = true;
      throw e;
    }
  }

  private void lengthComplete(int n) {
    if (state == State.KEY_LENGTH) {
      if (n == 0) {
        AmpBox done = box;
        box = new AmpBox();
        boxBytes = 0;
        sink.accept(done);
        return;
      }
      if (n > AmpBox.MAX_KEY_LENGTH) {
        throw new MalformedAmpBox("key length " + n + " is more than " + AmpBox.MAX_KEY_LENGTH);
      }
      if (box.size() >= maxKeys) {
        throw new MalformedAmpBox("box has more than " + maxKeys + " keys");
      }
      reserve(n);
      state = State.KEY;
    } else {
      reserve(n);
      state = State.VALUE;
      if (n == 0) {
        fieldComplete();
      }
    }
  }

  private void reserve(int n) {
    if ((long) boxBytes + n > maxBoxBytes) {
      throw new MalformedAmpBox("box is more than " + maxBoxBytes + " bytes");
    }
    boxBytes += n;
    field = new byte[n];
    fieldHave = 0;
  }

  private void fieldComplete() {
    if (state == State.KEY) {
      key = new String(field, StandardCharsets.ISO_8859_1);
      state = State.VALUE_LENGTH;
    } else {
      box.put(key, field);
      state = State.KEY_LENGTH;
    }
    field = null;
  }
}
