package dev.torsion.web.internal;

import dev.torsion.web.Headers;
import java.nio.charset.StandardCharsets;
import java.util.Set;
import java.util.function.BiConsumer;

/**
 * Which trailer fields may be sent or kept, and their HTTP/1.1 form: RFC 9110 6.5.1 forbids
 * trailers that frame, route or otherwise steer the message, since a recipient may already have
 * acted on the head. Both HTTP/1.1 and HTTP/2 hold a Resource's trailers to this list, and the
 * client drops such fields from the trailers it receives.
 *
 * <pre>
 *   last-chunk        = 1*("0") CRLF
 *   trailer-section   = *( field-line CRLF ) CRLF          (RFC 9112 7.1.2)
 * </pre>
 */
public final class TrailerFields {
  private static final Set<String> NEVER = Set.of("content-length", "transfer-encoding", "host",
      "connection", "keep-alive", "proxy-connection", "te", "trailer", "upgrade",
      "content-encoding", "content-type", "content-range", "cache-control", "expect", "range",
      "if-match", "if-none-match", "if-modified-since", "if-unmodified-since", "if-range",
      "authorization", "proxy-authorization", "www-authenticate", "proxy-authenticate",
      "set-cookie", "cookie", "age", "expires", "date", "location", "retry-after", "vary",
      "pragma", "max-forwards", "warning");

  private TrailerFields() {}

  /** Calls {@code sink} with each field of {@code trailers} that may be sent, name lowercased. */
  public static void forEachSendable(Headers trailers, BiConsumer<String, String> sink) {
    for (int i = 0; i < trailers.size(); i++) {
      String name = Ascii.toLowerCase(trailers.nameAt(i));
      if (allowed(name)) {
        sink.accept(name, trailers.valueAt(i));
      }
    }
  }

  /**
   * The fields of {@code trailers} received from a peer that an application may be shown, names
   * as sent: the others are dropped, not merged into the head (RFC 9110 6.5.1, 6.5.2).
   */
  public static Headers received(Headers trailers) {
    Headers kept = new Headers();
    for (int i = 0; i < trailers.size(); i++) {
      String name = trailers.nameAt(i);
      if (allowed(Ascii.toLowerCase(name))) {
        kept.add(name, trailers.valueAt(i));
      }
    }
    return kept;
  }

  private static boolean allowed(String lowerCaseName) {
    return !NEVER.contains(lowerCaseName) && !lowerCaseName.startsWith(":");
  }

  /** The Trailer field's value announcing {@code trailers} (RFC 9110 6.6.2), or null if none. */
  static String announce(Headers trailers) {
    StringBuilder b = new StringBuilder();
    forEachSendable(trailers, (name, value) -> {
      if (b.indexOf(name) < 0) {
        b.append(b.length() == 0 ? "" : ", ").append(name);
      }
    });
    return b.length() == 0 ? null : b.toString();
  }

  /** The last chunk and trailer section of a chunked body. */
  static byte[] lastChunk(Headers trailers) {
    StringBuilder b = new StringBuilder("0\r\n");
    forEachSendable(trailers, (name, value) -> b.append(name).append(": ").append(value)
        .append("\r\n"));
    return b.append("\r\n").toString().getBytes(StandardCharsets.ISO_8859_1);
  }
}
