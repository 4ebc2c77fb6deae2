package dev.torsion.web.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import dev.torsion.web.server.Request;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;

/**
 * The combined log format (Apache's, as Twisted's {@code combinedLogFormatter}):
 * {@code host - - [time] "request line" status bytes "referer" "user-agent"}. Client-supplied
 * text is escaped so that one request is always one log line.
 */
public final class AccessLogFormat {
  private static final DateTimeFormatter TIME =
      DateTimeFormatter.ofPattern("dd/MMM/yyyy:HH:mm:ss Z", Locale.ROOT);

  private AccessLogFormat() {}

  public static String combined(Request request, long epochMillis) {
    Address peer = request.getClientAddress();
    String ip = peer instanceof IPv4Address v4 ? v4.host()
        : peer instanceof IPv6Address v6 ? v6.host() : "-";
    long length = request.getSentLength();
    return ip + " - - [" + TIME.format(Instant.ofEpochMilli(epochMillis).atOffset(ZoneOffset.UTC))
        + "] \"" + escape(request.getMethod()) + " " + escape(request.getUri()) + " "
        + request.getClientProto() + "\" " + request.getResponseCode() + " "
        + (length > 0 ? Long.toString(length) : "-") + " \""
        + escape(orDash(request.getHeader("Referer"))) + "\" \""
        + escape(orDash(request.getHeader("User-Agent"))) + "\"";
  }

  private static String orDash(String s) {
    return s == null ? "-" : s;
  }

  static String escape(String s) {
    StringBuilder b = null;
    for (int i = 0; i < s.length(); i++) {
      char c = s.charAt(i);
      boolean bad = c < 0x20 || c >= 0x7f || c == '"' || c == '\\';
      if (bad && b == null) {
        b = new StringBuilder(s.length() + 8).append(s, 0, i);
      }
      if (b != null) {
        if (bad) {
          b.append(c == '"' ? "\\\"" : c == '\\' ? "\\\\" : String.format("\\x%02x", c & 0xff));
        } else {
          b.append(c);
        }
      }
    }
    return b == null ? s : b.toString();
  }
}
