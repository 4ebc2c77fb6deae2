package dev.torsion.web.internal;

import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;

/**
 * The "Date: ...\r\n" header line, formatted once per second (RFC 9110 6.6.1 IMF-fixdate) rather
 * than per response. One per connection-owning thread; not thread-safe.
 */
public final class DateCache {
  private static final DateTimeFormatter IMF_FIXDATE =
      DateTimeFormatter.ofPattern("EEE, dd MMM yyyy HH:mm:ss 'GMT'", java.util.Locale.ENGLISH);

  private long second = Long.MIN_VALUE;
  private byte[] line;

  public byte[] dateLine(long epochMillis) {
    long s = epochMillis / 1000;
    if (s != second) {
      second = s;
      line = ("Date: " + httpDate(s) + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    }
    return line;
  }

  /** An IMF-fixdate such as "Sun, 06 Nov 1994 08:49:37 GMT". */
  public static String httpDate(long epochSeconds) {
    return IMF_FIXDATE.format(Instant.ofEpochSecond(epochSeconds).atOffset(ZoneOffset.UTC));
  }
}
