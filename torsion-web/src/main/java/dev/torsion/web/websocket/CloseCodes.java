package dev.torsion.web.websocket;

/**
 * The close codes of RFC 6455 7.4.1 (and IANA's registry) that Torsion sends or reports, as
 * constants, like Autobahn's {@code WebSocketProtocol.CLOSE_STATUS_CODE_*}.
 *
 * <pre>{@code
 * @Override public void onClose(int code, String reason) {
 *   if (code == CloseCodes.ABNORMAL) { log("connection dropped without a close frame"); }
 * }
 * }</pre>
 */
public final class CloseCodes {
  /** The purpose of the connection is fulfilled. */
  public static final int NORMAL = 1000;
  /** The endpoint is going away (server shutting down, page left). */
  public static final int GOING_AWAY = 1001;
  /** The peer broke the protocol. */
  public static final int PROTOCOL_ERROR = 1002;
  /** A data type the endpoint does not accept. */
  public static final int UNSUPPORTED_DATA = 1003;
  /** Reported, never sent: the close frame carried no code. */
  public static final int NO_STATUS = 1005;
  /** Reported, never sent: the connection ended without a close handshake. */
  public static final int ABNORMAL = 1006;
  /** A text message (or close reason) that is not UTF-8. */
  public static final int INVALID_PAYLOAD = 1007;
  /** A message violating the endpoint's policy. */
  public static final int POLICY_VIOLATION = 1008;
  /** A frame or message larger than the endpoint's limit. */
  public static final int MESSAGE_TOO_BIG = 1009;
  /** The client needed an extension the server did not agree to. */
  public static final int MANDATORY_EXTENSION = 1010;
  /** The server met an unexpected condition. */
  public static final int INTERNAL_ERROR = 1011;

  private CloseCodes() {}

  /**
   * True for a code a close frame may carry (7.4): 1000-1003 and 1007-1014 (assigned), or
   * 3000-4999 (libraries and applications). 1005, 1006 and 1015 are only ever reported.
   */
  public static boolean isValidOnTheWire(int code) {
    return (code >= 1000 && code <= 1003) || (code >= 1007 && code <= 1014)
        || (code >= 3000 && code <= 4999);
  }
}
