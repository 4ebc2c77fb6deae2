package dev.torsion.web.internal;

/**
 * The host part of an authority (RFC 3986 3.2.2, "host [":" port]"), as Host headers and URLs
 * write it: an IPv6 literal goes in brackets so its colons are not read as the port's.
 */
public final class Authority {
  private Authority() {}

  /** {@code host} ready to put before ":port": "[::1]" for an IPv6 literal, else unchanged. */
  public static String bracketed(String host) {
    return host.contains(":") && !host.startsWith("[") ? "[" + host + "]" : host;
  }

  /**
   * The host of a Host header's value without its port: "example.com" for "example.com:8080",
   * "[::1]" (brackets kept) for "[::1]:8080".
   */
  public static String withoutPort(String hostHeader) {
    if (hostHeader.startsWith("[")) {
      int close = hostHeader.indexOf(']');
      return close > 0 ? hostHeader.substring(0, close + 1) : hostHeader;
    }
    int colon = hostHeader.indexOf(':');
    return colon >= 0 ? hostHeader.substring(0, colon) : hostHeader;
  }
}
