package dev.torsion.web.http2.internal;

/** A header block that cannot be decoded: a COMPRESSION_ERROR for the connection (RFC 9113 4.3). */
public final class HpackException extends Exception {
  public HpackException(String message) {
    super(message, null, false, false);
  }
}
