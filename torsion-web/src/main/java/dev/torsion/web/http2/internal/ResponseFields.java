package dev.torsion.web.http2.internal;

import dev.torsion.web.Headers;
import java.util.Locale;
import java.util.Set;

/**
 * Collects one decoded response header block, or the trailer block after a response's body, and
 * checks it as the client must (RFC 9113 8.2, 8.3.2): lowercase names, no connection-specific
 * fields, {@code :status} the only pseudo-header, first and once, and no pseudo-header at all
 * in trailers (8.1). A violation makes the response malformed (a stream error, 8.1.1). The
 * client-side counterpart of {@link RequestFields}.
 *
 * <p>The block is always decoded to its end, since the HPACK table must stay in step, but fields
 * past the size limit (name + value + 32 each, as SETTINGS_MAX_HEADER_LIST_SIZE counts) or the
 * count limit are only checked, not kept: a block past the limits costs no more than the limits.
 */
final class ResponseFields implements HpackDecoder.Sink {
  // 8.2.2; content-length and host are not connection-specific, and TE is for requests.
  private static final Set<String> CONNECTION_FIELDS = Set.of("connection", "keep-alive",
      "proxy-connection", "transfer-encoding", "upgrade");

  private final boolean trailers;
  private final long maxListSize;
  private final int maxCount;
  final Headers headers = new Headers();
  int status = -1;
  private boolean regularSeen;
  private String malformed;
  private boolean tooLarge;
  private long size;

  ResponseFields(boolean trailers, long maxListSize, int maxCount) {
    this.trailers = trailers;
    this.maxListSize = maxListSize;
    this.maxCount = maxCount;
  }

  /** What makes the block malformed (the first thing found), or null. */
  String malformed() {
    return malformed;
  }

  /** True when the block is past the size or count limit. */
  boolean tooLarge() {
    return tooLarge;
  }

  @Override
  public void header(String name, String value) {
    size += name.length() + value.length() + 32;
    tooLarge |= size > maxListSize;
    if (malformed != null) {
      return;
    }
    if (name.startsWith(":")) {
      pseudoHeader(name, value);
      return;
    }
    regularSeen = true;
    if (!name.equals(name.toLowerCase(Locale.ROOT)) || CONNECTION_FIELDS.contains(name)) {
      malformed = "field not allowed: " + name;
      return;
    }
    try {
      if (tooLarge || headers.size() >= maxCount) {
        tooLarge = true;
        Headers.checkField(name, value);
      } else {
        headers.add(name, value);
      }
    } catch (IllegalArgumentException e) {
      malformed = e.getMessage();
    }
  }

  private void pseudoHeader(String name, String value) {
    if (trailers) {
      malformed = "pseudo-header in trailers: " + name;
    } else if (!name.equals(":status") || status != -1 || regularSeen) {
      malformed = "bad pseudo-header " + name;
    } else {
      status = parseStatus(value);
      if (status < 0) {
        malformed = "bad :status " + value;
      }
    }
  }

  private static int parseStatus(String v) {
    if (v.length() != 3) {
      return -1;
    }
    int code = 0;
    for (int i = 0; i < 3; i++) {
      char c = v.charAt(i);
      if (c < '0' || c > '9') {
        return -1;
      }
      code = code * 10 + (c - '0');
    }
    return code >= 100 ? code : -1;
  }
}
