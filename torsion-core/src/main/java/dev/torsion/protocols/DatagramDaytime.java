package dev.torsion.protocols;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;
import java.time.Clock;

/**
 * Answers any datagram with the date and time (RFC 867 over UDP): the datagram counterpart of
 * {@link Daytime}, in the same format.
 *
 * <pre>{@code
 * reactor.listenUDP(13, new DatagramDaytime());
 * }</pre>
 */
public class DatagramDaytime extends DatagramProtocol {
  private final Clock clock;

  public DatagramDaytime() {
    this(Clock.systemUTC());
  }

  /** Tells the time of {@code clock}: pass a fixed clock in tests. */
  public DatagramDaytime(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void datagramReceived(byte[] data, Address addr) {
    // RFC 867: the content of the request datagram is ignored.
    transport.write(Daytime.daytime(clock), addr);
  }
}
