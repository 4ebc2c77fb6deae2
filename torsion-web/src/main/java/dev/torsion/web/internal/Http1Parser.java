package dev.torsion.web.internal;

import dev.torsion.web.Headers;
import java.util.Arrays;

/**
 * An incremental HTTP/1.1 message parser (RFC 9112) for requests (servers) or responses
 * (clients), fed bytes in chunks of any size, down to one
 * byte at a time, with no allocation per byte.
 *
 * <pre>
 *   HEAD ──(empty line)──┬─▶ FIXED_BODY ───────────────────────────────┬─▶ DONE
 *     │                  ├─▶ CHUNKED (a ChunkedBodyParser) ────────────┤    ▲
 *     │                  └─▶ UNTIL_CLOSE (responses) ──(conn. closed)──┘    │
 *     └──(no body)──────────────────────────────────────────────────────────┘
 * </pre>
 *
 * <p>The header section is copied into one growing array (bounded by the limits); fields are
 * kept as offsets into it and handed on as {@link Headers} that decode only what is asked for.
 * Body bytes are handed to the listener as slices of the caller's array, never copied.
 *
 * <p>{@link #feed} stops right after a message completes and returns how much it used, so the
 * caller decides when to {@link #reset} for the next pipelined request. Any violation throws
 * {@link HttpParseException} with the status to answer; the parser is then dead.
 */
public final class Http1Parser {
  /** Receives what the parser finds. */
  public interface Listener {
    /** The request line and headers are complete. */
    void headReceived(MessageHead head) throws HttpParseException;

    /** A piece of the (de-chunked) body: a slice of the array given to {@link #feed}. */
    void bodyReceived(byte[] data, int offset, int length) throws HttpParseException;

    /**
     * The trailer fields after a chunked body (RFC 9112 7.1.2), when it had any; just before
     * {@link #messageComplete}.
     */
    default void trailersReceived(Headers trailers) throws HttpParseException {
    }

    /** The message, body and trailers included, is complete. */
    void messageComplete() throws HttpParseException;

    /**
     * The body limit for the request whose head is {@code head}, asked before the head is
     * handed on (and before a too large Content-Length is answered 413); {@code limit} is the
     * configured one. A server raises it for a resource that streams the body.
     */
    default long bodyLimit(MessageHead head, long limit) throws HttpParseException {
      return limit;
    }
  }

  /** Size limits; exceeding one answers 414, 431 or 413. */
  public record Limits(int maxRequestLine, int maxHeaderBytes, int maxHeaderCount, long maxBody) {
    public static final Limits DEFAULT = new Limits(8192, 32 * 1024, 100, 16L * 1024 * 1024);
  }

  private enum State {
    REQUEST_LINE, HEADERS, FIXED_BODY, UNTIL_CLOSE, CHUNKED, DONE, DEAD
  }

  private static final int MAX_EMPTY_LINES = 4;

  private final Limits limits;
  private final Listener listener;
  private final boolean responses;
  private boolean noBodyExpected;
  private int status;
  private String reason;
  private State state = State.REQUEST_LINE;

  private byte[] head = new byte[512];
  private int headLen;
  private int lineStart;
  private int headersStart;
  private int emptyLines;
  private int[] ranges = new int[64];
  private int fieldCount;

  private String method;
  private String target;
  private int minorVersion;
  private long contentLength;
  private int contentLengthCount;
  private int transferEncodingCount;
  private boolean chunked;
  private boolean close;
  private boolean keepAlive;
  private boolean expectContinue;
  private int hostCount;

  private long remaining;
  private long bodyTotal;
  private ChunkedBodyParser chunkedBody; // made at the first chunked message

  /** A parser of requests. */
  public Http1Parser(Limits limits, Listener listener) {
    this(limits, listener, false);
  }

  private Http1Parser(Limits limits, Listener listener, boolean responses) {
    this.limits = limits;
    this.listener = listener;
    this.responses = responses;
  }

  /** A parser of responses, for clients. */
  public static Http1Parser forResponses(Limits limits, Listener listener) {
    return new Http1Parser(limits, listener, true);
  }

  /**
   * For responses: the next response has no body whatever its headers say (it answers HEAD),
   * RFC 9112 6.3 rule 1. Set before feeding it.
   */
  public void expectNoBody(boolean noBody) {
    this.noBodyExpected = noBody;
  }

  /**
   * For responses: the connection closed. Returns true when that completed a response whose body
   * runs until close (and tells the listener), false when a message was cut short.
   */
  public boolean connectionClosed() throws HttpParseException {
    if (state == State.UNTIL_CLOSE) {
      complete();
      return true;
    }
    return state == State.DONE || isIdle();
  }

  /** True after a whole message was parsed and before {@link #reset}. */
  public boolean isMessageComplete() {
    return state == State.DONE;
  }

  /** True while the head is complete and body bytes are being read. */
  public boolean isReadingBody() {
    return state.ordinal() >= State.FIXED_BODY.ordinal() && state.ordinal() < State.DONE.ordinal();
  }

  /** True when nothing of the next message has been received yet. */
  public boolean isIdle() {
    return state == State.REQUEST_LINE && headLen == 0;
  }

  /** Gets ready for the next message on the same connection. */
  public void reset() {
    if (state == State.DEAD) {
      return;
    }
    state = State.REQUEST_LINE;
    headLen = lineStart = headersStart = emptyLines = fieldCount = 0;
    method = target = reason = null;
    status = 0;
    contentLength = -1;
    contentLengthCount = transferEncodingCount = hostCount = 0;
    chunked = close = keepAlive = expectContinue = false;
    remaining = bodyTotal = 0;
    if (head.length > 8192) {
      head = new byte[512]; // don't keep one huge request's buffer for the connection's life
    }
  }

  /**
   * Parses from {@code data[offset..offset+length)} and returns the number of bytes used: all of
   * them, or fewer when a message completed (the rest belong to the next one).
   */
  public int feed(byte[] data, int offset, int length) throws HttpParseException {
    int pos = offset;
    int end = offset + length;
    try {
      while (pos < end) {
        switch (state) {
          case REQUEST_LINE, HEADERS -> pos = readHead(data, pos, end);
          case FIXED_BODY -> {
            int n = (int) Math.min(remaining, end - pos);
            listener.bodyReceived(data, pos, n);
            pos += n;
            remaining -= n;
            if (remaining == 0) {
              complete();
            }
          }
          case UNTIL_CLOSE -> {
            int n = end - pos;
            bodyTotal += n;
            if (bodyTotal > limits.maxBody()) {
              throw new HttpParseException(413, "body larger than " + limits.maxBody());
            }
            listener.bodyReceived(data, pos, n);
            pos = end;
          }
          case CHUNKED -> {
            pos = chunkedBody.feed(data, pos, end);
            if (chunkedBody.isDone()) {
              complete();
            }
          }
          case DONE, DEAD -> {
            return pos - offset;
          }
        }
        if (state == State.DONE) {
          return pos - offset;
        }
      }
      return pos - offset;
    } catch (HttpParseException e) {
      state = State.DEAD;
      throw e;
    }
  }

  private void complete() throws HttpParseException {
    state = State.DONE;
    listener.messageComplete();
  }

  // ---- head ------------------------------------------------------------------------------

  private int readHead(byte[] data, int pos, int end) throws HttpParseException {
    int lf = Ascii.indexOf(data, pos, end, (byte) '\n');
    int stop = lf < 0 ? end : lf + 1;
    int take = stop - pos;
    int lineSoFar = headLen - lineStart + take;
    if (state == State.REQUEST_LINE) {
      // The CR and LF do not count against the limit.
      if (lineSoFar > limits.maxRequestLine() + (lf < 0 ? 1 : 2)) {
        throw new HttpParseException(414, "request line longer than " + limits.maxRequestLine());
      }
    } else if (headLen - headersStart + take > limits.maxHeaderBytes() + 2) {
      throw new HttpParseException(431, "header section larger than " + limits.maxHeaderBytes());
    }
    if (headLen + take > head.length) {
      head = Arrays.copyOf(head, Math.max(head.length * 2, headLen + take));
    }
    System.arraycopy(data, pos, head, headLen, take);
    headLen += take;
    if (lf >= 0) {
      lineComplete();
    }
    return stop;
  }

  private void lineComplete() throws HttpParseException {
    int lineEnd = headLen - 1; // index of LF
    if (lineEnd == lineStart || head[lineEnd - 1] != '\r') {
      throw new HttpParseException(400, "bare LF in header section");
    }
    int contentEnd = lineEnd - 1;
    if (state == State.REQUEST_LINE) {
      if (contentEnd == lineStart) {
        // RFC 9112 2.2: ignore a few empty lines before the request line.
        if (++emptyLines > MAX_EMPTY_LINES) {
          throw new HttpParseException(400, "too many empty lines before request line");
        }
        headLen = lineStart = 0;
        return;
      }
      if (responses) {
        parseStatusLine(lineStart, contentEnd);
      } else {
        parseRequestLine(lineStart, contentEnd);
      }
      state = State.HEADERS;
      lineStart = headersStart = headLen;
      return;
    }
    if (contentEnd == lineStart) {
      headComplete();
      return;
    }
    parseField(lineStart, contentEnd);
    lineStart = headLen;
  }

  private void parseRequestLine(int start, int end) throws HttpParseException {
    // request-line = method SP request-target SP HTTP-version   (RFC 9112 3)
    int i = start;
    while (i < end && Ascii.isTokenChar(head[i])) {
      i++;
    }
    if (i == start || i >= end || head[i] != ' ') {
      throw new HttpParseException(400, "malformed request line: bad method");
    }
    method = Methods.intern(head, start, i);
    int t = ++i;
    while (i < end && head[i] > 0x20 && head[i] < 0x7f) {
      i++;
    }
    if (i == t || i >= end || head[i] != ' ') {
      throw new HttpParseException(400, "malformed request line: bad request-target");
    }
    target = new String(head, t, i - t, java.nio.charset.StandardCharsets.ISO_8859_1);
    i++;
    if (end - i != 8 || head[i] != 'H' || head[i + 1] != 'T' || head[i + 2] != 'T'
        || head[i + 3] != 'P' || head[i + 4] != '/' || !isDigit(head[i + 5])
        || head[i + 6] != '.' || !isDigit(head[i + 7])) {
      throw new HttpParseException(400, "malformed request line: bad HTTP version");
    }
    // RFC 9110 2.5 lets a server take HTTP/1.2 as 1.1, but no such version exists, and Netty
    // and Jetty both refuse it: a version that one hop upgrades and the next refuses is a
    // smuggling lever, so anything but 1.0 and 1.1 is answered 505 (Http1DifferentialFuzzTest).
    if (head[i + 5] != '1' || (head[i + 7] != '0' && head[i + 7] != '1')) {
      throw new HttpParseException(505, "HTTP version not supported");
    }
    minorVersion = head[i + 7] - '0';
  }

  private void parseStatusLine(int start, int end) throws HttpParseException {
    // status-line = HTTP-version SP status-code SP [ reason-phrase ]   (RFC 9112 4)
    int i = start;
    if (end - i < 12 || head[i] != 'H' || head[i + 1] != 'T' || head[i + 2] != 'T'
        || head[i + 3] != 'P' || head[i + 4] != '/' || head[i + 5] != '1' || head[i + 6] != '.'
        || !isDigit(head[i + 7]) || head[i + 8] != ' ' || !isDigit(head[i + 9])
        || !isDigit(head[i + 10]) || !isDigit(head[i + 11])
        || (end - i > 12 && head[i + 12] != ' ')) {
      throw new HttpParseException(502, "malformed status line");
    }
    minorVersion = head[i + 7] == '0' ? 0 : 1;
    status = (head[i + 9] - '0') * 100 + (head[i + 10] - '0') * 10 + (head[i + 11] - '0');
    if (status < 100) {
      throw new HttpParseException(502, "malformed status code");
    }
    for (int j = i + 13; j < end; j++) {
      if (!Ascii.isFieldValueChar(head[j])) {
        throw new HttpParseException(502, "invalid character in reason phrase");
      }
    }
    reason = end - i > 13
        ? new String(head, i + 13, end - i - 13, java.nio.charset.StandardCharsets.ISO_8859_1) : "";
  }

  private static boolean isDigit(byte b) {
    return b >= '0' && b <= '9';
  }

  private void parseField(int start, int end) throws HttpParseException {
    // field-line = field-name ":" OWS field-value OWS   (RFC 9112 5)
    if (head[start] == ' ' || head[start] == '\t') {
      throw new HttpParseException(400, "obsolete line folding in header section");
    }
    int i = start;
    while (i < end && Ascii.isTokenChar(head[i])) {
      i++;
    }
    if (i == start || i >= end || head[i] != ':') {
      // Includes whitespace before the colon, forbidden by RFC 9112 5.1.
      throw new HttpParseException(400, "invalid header name");
    }
    int nameEnd = i++;
    while (i < end && (head[i] == ' ' || head[i] == '\t')) {
      i++;
    }
    int valueStart = i;
    for (int j = i; j < end; j++) {
      if (!Ascii.isFieldValueChar(head[j])) {
        throw new HttpParseException(400, "invalid character in header value");
      }
    }
    int valueEnd = end;
    while (valueEnd > valueStart && (head[valueEnd - 1] == ' ' || head[valueEnd - 1] == '\t')) {
      valueEnd--;
    }
    if (++fieldCount > limits.maxHeaderCount()) {
      throw new HttpParseException(431, "more than " + limits.maxHeaderCount() + " header fields");
    }
    int k = (fieldCount - 1) * 4;
    if (k + 4 > ranges.length) {
      ranges = Arrays.copyOf(ranges, ranges.length * 2);
    }
    ranges[k] = start;
    ranges[k + 1] = nameEnd;
    ranges[k + 2] = valueStart;
    ranges[k + 3] = valueEnd;
    noteFramingField(start, nameEnd, valueStart, valueEnd);
  }

  private void noteFramingField(int ns, int ne, int vs, int ve) throws HttpParseException {
    switch (ne - ns) {
      case 4 -> {
        if (!responses && Ascii.regionEqualsIgnoreCase(head, ns, "host")) {
          hostCount++;
        }
      }
      case 6 -> {
        if (!responses && Ascii.regionEqualsIgnoreCase(head, ns, "expect")) {
          if (!Ascii.equalsIgnoreCase(head, vs, ve, "100-continue")) {
            throw new HttpParseException(417, "unsupported expectation");
          }
          expectContinue = true;
        }
      }
      case 10 -> {
        if (Ascii.regionEqualsIgnoreCase(head, ns, "connection")) {
          connectionTokens(vs, ve);
        }
      }
      case 14 -> {
        if (Ascii.regionEqualsIgnoreCase(head, ns, "content-length")) {
          contentLength = parseLength(vs, ve);
          contentLengthCount++;
        }
      }
      case 17 -> {
        if (Ascii.regionEqualsIgnoreCase(head, ns, "transfer-encoding")) {
          transferEncodingCount++;
          if (Ascii.equalsIgnoreCase(head, vs, ve, "chunked")) {
            chunked = true;
          } else {
            // RFC 9112 6.1: chunked must be the final (here: only) coding we accept.
            throw new HttpParseException(
                endsWithChunked(vs, ve) ? 501 : 400, "unsupported transfer coding");
          }
        }
      }
      default -> {}
    }
  }

  private boolean endsWithChunked(int vs, int ve) {
    return ve - vs > 7 && Ascii.equalsIgnoreCase(head, ve - 7, ve, "chunked")
        && (head[ve - 8] == ',' || head[ve - 8] == ' ');
  }

  private long parseLength(int vs, int ve) throws HttpParseException {
    // RFC 9110 8.6: Content-Length = 1*DIGIT; no sign, no "0x", no list, at most 18 digits.
    if (ve == vs || ve - vs > 18) {
      throw new HttpParseException(400, "invalid Content-Length");
    }
    long v = 0;
    for (int i = vs; i < ve; i++) {
      if (!isDigit(head[i])) {
        throw new HttpParseException(400, "invalid Content-Length");
      }
      v = v * 10 + (head[i] - '0');
    }
    return v;
  }

  private void connectionTokens(int vs, int ve) {
    int i = vs;
    while (i < ve) {
      while (i < ve && (head[i] == ' ' || head[i] == '\t' || head[i] == ',')) {
        i++;
      }
      int s = i;
      while (i < ve && head[i] != ',' && head[i] != ' ' && head[i] != '\t') {
        i++;
      }
      if (Ascii.equalsIgnoreCase(head, s, i, "close")) {
        close = true;
      } else if (Ascii.equalsIgnoreCase(head, s, i, "keep-alive")) {
        keepAlive = true;
      }
    }
  }

  private void headComplete() throws HttpParseException {
    // RFC 9112 6.1 and 6.3: a message with both framings, or two lengths, may be a smuggling
    // attempt: refuse it rather than guess which framing a proxy in front of us used.
    if (transferEncodingCount > 0 && contentLengthCount > 0) {
      throw new HttpParseException(400, "both Content-Length and Transfer-Encoding");
    }
    if (contentLengthCount > 1) {
      throw new HttpParseException(400, "more than one Content-Length");
    }
    if (transferEncodingCount > 1) {
      throw new HttpParseException(400, "more than one Transfer-Encoding");
    }
    if (chunked && minorVersion == 0) {
      throw new HttpParseException(400, "Transfer-Encoding in an HTTP/1.0 request");
    }
    if (!responses && (hostCount > 1 || (hostCount == 0 && minorVersion >= 1))) {
      throw new HttpParseException(400, "HTTP/1.1 request needs exactly one Host header");
    }
    if (responses && status / 100 == 1 && status != 101) {
      // RFC 9110 15.2: interim responses (100 Continue...) are skipped; the real one follows.
      headLen = lineStart = headersStart = fieldCount = 0;
      contentLengthCount = transferEncodingCount = 0;
      chunked = close = keepAlive = false;
      state = State.REQUEST_LINE;
      return;
    }
    byte[] copy = Arrays.copyOf(head, headLen);
    int[] r = Arrays.copyOf(ranges, fieldCount * 4);
    long cl = contentLengthCount == 0 ? -1 : contentLength;
    MessageHead parsed = new MessageHead(method, target, status, reason, minorVersion,
        Headers.wrapReceived(copy, r, fieldCount), cl, chunked, close, keepAlive, expectContinue);
    long maxBody = responses ? limits.maxBody() : listener.bodyLimit(parsed, limits.maxBody());
    if (contentLength > maxBody) {
      throw new HttpParseException(413, "body larger than " + maxBody);
    }
    listener.headReceived(parsed);
    if (responses && (noBodyExpected || status == 204 || status == 304 || status == 101)) {
      complete();
    } else if (chunked) {
      if (chunkedBody == null) {
        chunkedBody = new ChunkedBodyParser(limits, listener);
      }
      chunkedBody.start(maxBody);
      state = State.CHUNKED;
    } else if (cl > 0) {
      state = State.FIXED_BODY;
      remaining = cl;
    } else if (responses && cl < 0) {
      state = State.UNTIL_CLOSE; // RFC 9112 6.3 rule 8
    } else {
      complete();
    }
  }
}
