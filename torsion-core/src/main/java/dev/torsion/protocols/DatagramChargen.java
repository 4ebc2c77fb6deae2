package dev.torsion.protocols;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;
import java.util.Objects;
import java.util.SplittableRandom;
import java.util.random.RandomGenerator;

/**
 * Answers each datagram with a random number (0 to 512) of characters from the RFC 864 ripple
 * pattern: the datagram counterpart of {@link Chargen} (RFC 864, "UDP Based Character Generator
 * Service"). What the datagram carried is ignored.
 *
 * <pre>{@code
 * reactor.listenUDP(19, new DatagramChargen());
 * }</pre>
 *
 * <p>Each answer starts one line further along the pattern than the one before, so successive
 * answers ripple as the TCP stream does. Mind that UDP chargen answers a forged one-byte
 * datagram with up to 512 bytes: on a public address it is a traffic amplifier for spoofed
 * sources, which is why it is rarely left open on the Internet.
 */
public class DatagramChargen extends DatagramProtocol {
  /** RFC 864: "a random number (between 0 and 512) of characters". */
  static final int MAX_LENGTH = 512;
  private static final int LINE = 74; // 72 characters and CRLF
  private static final int LINES = Chargen.CYCLE.length / LINE;

  private final RandomGenerator random;
  private int line;

  /** Answers of random length. */
  public DatagramChargen() {
    this(new SplittableRandom());
  }

  /** Answers whose lengths come from {@code random} ({@code nextInt(513)} per datagram). */
  public DatagramChargen(RandomGenerator random) {
    this.random = Objects.requireNonNull(random, "random");
  }

  @Override
  public void datagramReceived(byte[] data, Address addr) {
    transport.write(nextAnswer(), addr);
  }

  /** The next answer: a random length of the pattern, starting one line on from the last. */
  protected byte[] nextAnswer() {
    int length = random.nextInt(MAX_LENGTH + 1);
    byte[] out = new byte[length];
    int from = line * LINE;
    line = (line + 1) % LINES;
    for (int copied = 0; copied < length; ) {
      int n = Math.min(length - copied, Chargen.CYCLE.length - from);
      System.arraycopy(Chargen.CYCLE, from, out, copied, n);
      copied += n;
      from = 0; // wrap around to the first line
    }
    return out;
  }
}
