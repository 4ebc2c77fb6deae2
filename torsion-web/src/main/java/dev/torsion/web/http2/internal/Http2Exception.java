package dev.torsion.web.http2.internal;

/**
 * A protocol violation found in peer input: a connection error (RFC 9113 5.4.1, answered with
 * GOAWAY and a close) when {@link #streamId()} is 0, else a stream error (5.4.2, answered with
 * RST_STREAM on that stream alone).
 */
public final class Http2Exception extends Exception {
  private final int code;
  private final int streamId;

  private Http2Exception(int code, int streamId, String message) {
    super(message, null, false, false);
    this.code = code;
    this.streamId = streamId;
  }

  public static Http2Exception connection(int code, String message) {
    return new Http2Exception(code, 0, message);
  }

  public static Http2Exception stream(int streamId, int code, String message) {
    return new Http2Exception(code, streamId, message);
  }

  /** The RFC 9113 7 error code. */
  public int code() {
    return code;
  }

  /** The stream for a stream error; 0 for a connection error. */
  public int streamId() {
    return streamId;
  }

  public boolean isConnectionError() {
    return streamId == 0;
  }
}
