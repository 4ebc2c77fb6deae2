package dev.torsion.web.http2.internal;

import java.nio.charset.StandardCharsets;

/** The constants of RFC 9113: frame types (6), flags, settings (6.5.2) and error codes (7). */
public final class Http2 {
  private Http2() {}

  /** RFC 9113 3.4: what a client sends first, before its SETTINGS frame. */
  public static final byte[] PREFACE =
      "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1);

  public static final int FRAME_HEADER_LENGTH = 9;

  public static final int DATA = 0x0;
  public static final int HEADERS = 0x1;
  public static final int PRIORITY = 0x2;
  public static final int RST_STREAM = 0x3;
  public static final int SETTINGS = 0x4;
  public static final int PUSH_PROMISE = 0x5;
  public static final int PING = 0x6;
  public static final int GOAWAY = 0x7;
  public static final int WINDOW_UPDATE = 0x8;
  public static final int CONTINUATION = 0x9;

  public static final int FLAG_END_STREAM = 0x1;
  public static final int FLAG_ACK = 0x1;
  public static final int FLAG_END_HEADERS = 0x4;
  public static final int FLAG_PADDED = 0x8;
  public static final int FLAG_PRIORITY = 0x20;

  public static final int SETTINGS_HEADER_TABLE_SIZE = 0x1;
  public static final int SETTINGS_ENABLE_PUSH = 0x2;
  public static final int SETTINGS_MAX_CONCURRENT_STREAMS = 0x3;
  public static final int SETTINGS_INITIAL_WINDOW_SIZE = 0x4;
  public static final int SETTINGS_MAX_FRAME_SIZE = 0x5;
  public static final int SETTINGS_MAX_HEADER_LIST_SIZE = 0x6;
  public static final int SETTINGS_ENABLE_CONNECT_PROTOCOL = 0x8;

  public static final int NO_ERROR = 0x0;
  public static final int PROTOCOL_ERROR = 0x1;
  public static final int INTERNAL_ERROR = 0x2;
  public static final int FLOW_CONTROL_ERROR = 0x3;
  public static final int SETTINGS_TIMEOUT = 0x4;
  public static final int STREAM_CLOSED = 0x5;
  public static final int FRAME_SIZE_ERROR = 0x6;
  public static final int REFUSED_STREAM = 0x7;
  public static final int CANCEL = 0x8;
  public static final int COMPRESSION_ERROR = 0x9;
  public static final int CONNECT_ERROR = 0xa;
  public static final int ENHANCE_YOUR_CALM = 0xb;
  public static final int INADEQUATE_SECURITY = 0xc;
  public static final int HTTP_1_1_REQUIRED = 0xd;

  public static final int DEFAULT_WINDOW = 65535;
  public static final int MAX_WINDOW = Integer.MAX_VALUE;
  public static final int MIN_MAX_FRAME_SIZE = 16384;
  public static final int MAX_MAX_FRAME_SIZE = (1 << 24) - 1;
}
