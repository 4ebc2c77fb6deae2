package dev.torsion.protocols;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.ReactorTime;
import java.nio.charset.StandardCharsets;

/**
 * Sends an endless stream of text lines and ignores what it receives (RFC 864, Character
 * Generator): Twisted's {@code wire.Chargen}, written as a push producer so that a slow reader
 * holds it back instead of filling memory.
 *
 * <p>It registers itself with the transport, writes a batch, and goes on with the next batch on
 * a later turn of the reactor ({@code callLater(0)}) unless the transport has paused it; the
 * transport pauses it when its write buffer passes the high-water mark and resumes it when the
 * buffer drains. Each line is 72 printable ASCII characters and CRLF, each starting one character
 * further along the 95 printable characters, as RFC 864 suggests.
 *
 * <pre>{@code
 * reactor.listenTCP(19, Factory.forProtocol(() -> new Chargen(reactor)));
 * }</pre>
 */
public class Chargen extends Protocol implements PushProducer {
  /** The full 95-line cycle of RFC 864's "ripple" pattern; never modified once built. */
  static final byte[] CYCLE = buildCycle();
  /** About 64 KiB per reactor turn: enough to fill a socket buffer, small enough to be fair. */
  private static final int CYCLES_PER_TURN = 10;

  private final ReactorTime clock;
  private boolean paused;
  private boolean stopped;
  private DelayedCall next;
  /** True inside {@link #produce}, where a resume from a write must not start a second loop. */
  private boolean producing;

  /** A generator that schedules its batches on {@code clock} (the reactor). */
  public Chargen(ReactorTime clock) {
    this.clock = clock;
  }

  private static byte[] buildCycle() {
    int printable = 95;
    int lineLength = 72;
    byte[] out = new byte[printable * (lineLength + 2)];
    int p = 0;
    for (int line = 0; line < printable; line++) {
      for (int i = 0; i < lineLength; i++) {
        out[p++] = (byte) (' ' + (line + i) % printable);
      }
      out[p++] = '\r';
      out[p++] = '\n';
    }
    return out;
  }

  /** The RFC 864 text, as a string: the first line starts with {@code " !\"#$%"}. */
  static String cycleText() {
    return new String(CYCLE, StandardCharsets.US_ASCII);
  }

  @Override
  public void connectionMade() {
    transport.registerProducer(this, true);
    produce();
  }

  private void produce() {
    next = null;
    producing = true;
    try {
      for (int i = 0; i < CYCLES_PER_TURN; i++) {
        if (paused || stopped || transport.isDisconnecting()) {
          return;
        }
        // The same immutable array every time: the transport keeps references, never copies.
        transport.write(CYCLE);
      }
    } finally {
      producing = false;
    }
    if (!paused && !stopped && !transport.isDisconnecting() && next == null) {
      next = clock.callLater(0, this::produce);
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    // RFC 864: "any data received is thrown away".
  }

  @Override
  public void pauseProducing() {
    paused = true;
    cancelNext();
  }

  @Override
  public void resumeProducing() {
    if (stopped || !paused) {
      return;
    }
    paused = false;
    if (!producing && next == null) {
      produce();
    }
  }

  @Override
  public void stopProducing() {
    stopped = true;
    cancelNext();
  }

  @Override
  public void connectionLost(Failure reason) {
    stopProducing();
  }

  private void cancelNext() {
    if (next != null) {
      if (next.active()) {
        next.cancel();
      }
      next = null;
    }
  }
}
