package dev.torsion.protocols;

import dev.torsion.internet.Protocol;
import java.nio.charset.StandardCharsets;
import java.time.Clock;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * Sends the current date and time as text and closes (RFC 867): Twisted's {@code wire.Daytime}.
 *
 * <p>RFC 867 leaves the format open; like Twisted this sends C's {@code asctime} of UTC, e.g.
 * {@code "Sun Jun 20 23:21:05 1993\r\n"}.
 *
 * <pre>{@code
 * reactor.listenTCP(13, Factory.forProtocol(Daytime::new));
 * }</pre>
 */
public class Daytime extends Protocol {
  // asctime: day of month padded with a space, not a zero.
  private static final DateTimeFormatter ASCTIME =
      DateTimeFormatter.ofPattern("EEE MMM ppd HH:mm:ss yyyy", Locale.ROOT);

  private final Clock clock;

  /** Tells the system's time, in UTC. */
  public Daytime() {
    this(Clock.systemUTC());
  }

  /** Tells the time of {@code clock}, in UTC: pass a fixed clock in tests. */
  public Daytime(Clock clock) {
    this.clock = clock;
  }

  @Override
  public void connectionMade() {
    transport.write(daytime(clock));
    transport.loseConnection();
  }

  /** The RFC 867 line for the current time of {@code clock}, with its CRLF. */
  static byte[] daytime(Clock clock) {
    ZonedDateTime now = ZonedDateTime.now(clock.withZone(java.time.ZoneOffset.UTC));
    return (ASCTIME.format(now) + "\r\n").getBytes(StandardCharsets.US_ASCII);
  }
}
