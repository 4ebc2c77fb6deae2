package dev.torsion.web.http2.internal;

import dev.torsion.web.Headers;
import dev.torsion.web.internal.Ascii;

/**
 * Collects one decoded request header block (or trailer block) and checks it against RFC 9113
 * 8.2 and 8.3: lowercase names, pseudo-header fields first, known, once each and only in
 * requests, no connection-specific fields, the required pseudo-headers present. A violation
 * makes the request malformed (a stream error, 8.1.1); the block is still decoded to its end,
 * since the HPACK table must stay in step. Size is counted as SETTINGS_MAX_HEADER_LIST_SIZE
 * defines it (name + value + 32 per field).
 *
 * <p>An extended CONNECT (RFC 8441 4) carries {@code :protocol}: it is taken only on a CONNECT
 * and only from a client we told SETTINGS_ENABLE_CONNECT_PROTOCOL=1, and unlike a plain CONNECT
 * (RFC 9113 8.5, an authority alone) it names its target in full, {@code :scheme}, {@code :path}
 * and {@code :authority}.
 */
final class RequestFields implements HpackDecoder.Sink {
  private final boolean trailers;
  private final boolean extendedConnect;
  private final long maxListSize;
  private final int maxCount;
  final Headers headers = new Headers();
  String method;
  String scheme;
  String authority;
  String path;
  String protocol;
  private boolean regularSeen;
  private String malformed;
  private boolean tooLarge;
  private long size;
  private int count;

  /**
   * {@code extendedConnect}: we sent SETTINGS_ENABLE_CONNECT_PROTOCOL=1, so {@code :protocol} is
   * allowed on a CONNECT (RFC 8441 3).
   */
  RequestFields(boolean trailers, boolean extendedConnect, long maxListSize, int maxCount) {
    this.trailers = trailers;
    this.extendedConnect = extendedConnect;
    this.maxListSize = maxListSize;
    this.maxCount = maxCount;
  }

  @Override
  public void header(String name, String value) {
    size += DynamicTable.entrySize(name, value);
    if (size > maxListSize || ++count > maxCount) {
      tooLarge = true;
    }
    if (malformed != null || tooLarge) {
      return;
    }
    if (name.isEmpty()) {
      malformed = "empty field name";
      return;
    }
    if (name.charAt(0) == ':') {
      pseudo(name, value);
      return;
    }
    regularSeen = true;
    for (int i = 0; i < name.length(); i++) {
      char c = name.charAt(i);
      if (c > 0x7f || !Ascii.isTokenChar((byte) c) || (c >= 'A' && c <= 'Z')) {
        malformed = "invalid field name " + name; // 8.2.1: uppercase is malformed in HTTP/2
        return;
      }
    }
    if (!validValue(value)) {
      malformed = "invalid value for " + name;
      return;
    }
    switch (name) {
      // 8.2.2: connection-specific fields have no meaning in HTTP/2.
      case "connection", "keep-alive", "proxy-connection", "transfer-encoding", "upgrade" -> {
        malformed = "connection-specific field " + name;
        return;
      }
      case "te" -> {
        if (!value.equals("trailers")) {
          malformed = "te other than trailers";
          return;
        }
      }
      default -> { }
    }
    headers.add(name, value);
  }

  // 8.2.1: no NUL, CR or LF, and no whitespace at either end.
  private static boolean validValue(String v) {
    for (int i = 0; i < v.length(); i++) {
      char c = v.charAt(i);
      if (c == 0 || c == '\r' || c == '\n') {
        return false;
      }
    }
    return v.isEmpty() || (!isSpace(v.charAt(0)) && !isSpace(v.charAt(v.length() - 1)));
  }

  private static boolean isSpace(char c) {
    return c == ' ' || c == '\t';
  }

  private void pseudo(String name, String value) {
    if (trailers) {
      malformed = "pseudo-header field " + name + " in trailers";
      return;
    }
    if (regularSeen) {
      malformed = "pseudo-header field " + name + " after a regular field"; // 8.3
      return;
    }
    switch (name) {
      case ":method" -> method = once(name, method, value);
      case ":scheme" -> scheme = once(name, scheme, value);
      case ":authority" -> authority = once(name, authority, value);
      case ":path" -> path = once(name, path, value);
      case ":protocol" -> protocol = once(name, protocol, value);
      default -> malformed = "unknown pseudo-header field " + name;
    }
  }

  private String once(String name, String old, String value) {
    if (old != null) {
      malformed = "repeated " + name;
    }
    return value;
  }

  /** Why the block makes a malformed request, or null. */
  String problem() {
    if (malformed != null || trailers) {
      return malformed;
    }
    if (method == null) {
      return "no :method";
    }
    if (method.equals("CONNECT") && protocol == null) {
      // 8.5: CONNECT names only an authority.
      return scheme != null || path != null || authority == null ? "malformed CONNECT" : null;
    }
    if (protocol != null) {
      // RFC 8441 4: :protocol names what a CONNECT tunnel carries; on another method it is a
      // pseudo-header the request cannot have (RFC 9113 8.3, malformed: 8.1.1). It is allowed
      // only because we advertised it (8441 3), and such a CONNECT names its whole target URI.
      if (!method.equals("CONNECT")) {
        return ":protocol without CONNECT";
      }
      if (!extendedConnect) {
        return ":protocol without SETTINGS_ENABLE_CONNECT_PROTOCOL";
      }
      if (scheme == null || path == null || authority == null) {
        return "extended CONNECT without :scheme, :path and :authority";
      }
    }
    if (scheme == null || path == null) {
      return "missing :scheme or :path";
    }
    if (path.isEmpty()) {
      return "empty :path";
    }
    if (!path.startsWith("/") && !(path.equals("*") && method.equals("OPTIONS"))) {
      return "bad :path " + path;
    }
    if (authority != null && !validValue(authority)) {
      return "bad :authority";
    }
    return null;
  }

  /** True when the fields exceeded the list size or count limit. */
  boolean tooLarge() {
    return tooLarge;
  }
}
