package dev.torsion.web.internal;

import dev.torsion.web.Headers;

/**
 * The chunked body of one HTTP/1.1 message (RFC 9112 7.1), fed bytes in pieces of any size:
 * chunk data goes to the listener as slices of the caller's array, extensions are checked and
 * dropped, trailer fields checked and handed to {@link Http1Parser.Listener#trailersReceived}. {@link Http1Parser} hands it the bytes after a head that says chunked.
 *
 * <pre>
 *   chunked-body = *chunk last-chunk trailer-section CRLF
 *   chunk        = chunk-size [ chunk-ext ] CRLF chunk-data CRLF
 *   last-chunk   = 1*("0") [ chunk-ext ] CRLF
 *   chunk-ext    = *( BWS ";" BWS token [ BWS "=" BWS ( token / quoted-string ) ] )
 *
 *   SIZE ─▶ [EXT] ─▶ SIZE_LF ─▶ DATA ─▶ DATA_CR ─▶ DATA_LF ─▶ SIZE ...
 *                      │ (size 0)
 *                      └─▶ TRAILER_START ◀─▶ TRAILER_LINE(_LF) ... ─▶ TRAILER_END_LF ─▶ DONE
 * </pre>
 *
 * <p>The decoded total is held to the body limit, a size line (with its extensions) to 4 KiB, and
 * the trailer section to the header-section limits (bytes and fields).
 */
final class ChunkedBodyParser {
  private enum State {
    SIZE, EXT, SIZE_LF, DATA, DATA_CR, DATA_LF, TRAILER_START, TRAILER_LINE, TRAILER_LINE_LF,
    TRAILER_END_LF, DONE
  }

  /** Where a chunk extension is: the chunk-ext grammar above, one byte at a time. */
  private enum Ext {
    BEFORE_SEMI, BEFORE_NAME, NAME, AFTER_NAME, BEFORE_VALUE, TOKEN, QUOTED, QUOTED_PAIR,
    AFTER_QUOTE
  }

  private static final int MAX_CHUNK_LINE = 4096;

  private final Http1Parser.Limits limits;
  private final Http1Parser.Listener listener;
  private State state = State.SIZE;
  private long remaining;
  private long bodyTotal;
  private long maxBody;
  private long chunkSize;
  private int chunkDigits;
  private int chunkLineLen;
  private int trailerBytes;
  private boolean trailerValue; // past the colon of the current trailer field
  private StringBuilder trailerLine; // the current trailer field line, made at the first one
  private Headers trailers; // those read so far, null while there are none
  private Ext ext; // where in chunk-ext, while in EXT

  ChunkedBodyParser(Http1Parser.Limits limits, Http1Parser.Listener listener) {
    this.limits = limits;
    this.listener = listener;
  }

  /** Gets ready for the next message's body, of at most {@code maxBody} bytes. */
  void start(long maxBody) {
    this.maxBody = maxBody;
    state = State.SIZE;
    remaining = bodyTotal = chunkSize = 0;
    chunkDigits = chunkLineLen = trailerBytes = 0;
    trailers = null;
  }

  /** True once the trailer section's closing CRLF has been read. */
  boolean isDone() {
    return state == State.DONE;
  }

  /**
   * Parses from {@code data[pos..end)} and returns where it stopped: at {@code end}, or right
   * after the body's last byte.
   */
  int feed(byte[] data, int pos, int end) throws HttpParseException {
    while (pos < end && state != State.DONE) {
      if (state == State.DATA) {
        int n = (int) Math.min(remaining, end - pos);
        listener.bodyReceived(data, pos, n);
        pos += n;
        remaining -= n;
        if (remaining == 0) {
          state = State.DATA_CR;
        }
      } else {
        framing(data[pos++]);
      }
    }
    return pos;
  }

  private void framing(byte b) throws HttpParseException {
    switch (state) {
      case SIZE -> {
        int v = Ascii.hexValue(b);
        if (v >= 0) {
          if (++chunkDigits > 15) {
            throw new HttpParseException(400, "chunk size too large");
          }
          chunkSize = chunkSize * 16 + v;
        } else if (chunkDigits == 0) {
          throw new HttpParseException(400, "invalid chunk size");
        } else if (b == '\r') {
          state = State.SIZE_LF;
        } else if (b == ';' || b == ' ' || b == '\t') {
          state = State.EXT;
          ext = b == ';' ? Ext.BEFORE_NAME : Ext.BEFORE_SEMI;
        } else {
          throw new HttpParseException(400, "invalid chunk size");
        }
        chunkLine();
      }
      case EXT -> {
        // Extensions are ignored, but held to their grammar (RFC 9112 7.1.1), as Netty and
        // Jetty hold them (found by Http1DifferentialFuzzTest: "0 x", "0;a=b=c" and bytes past
        // ASCII passed here); and the line may not run forever (chunkLine). BWS is allowed only
        // before ";" and "=", so the line ends only after a name, a value or a closing quote:
        // "3<80 spaces>" with no ";" is refused, as Netty and Jetty refuse it (found by
        // Http1DifferentialFuzzTest#fieldsAndBodies).
        if (b == '\r' && (ext == Ext.NAME || ext == Ext.TOKEN || ext == Ext.AFTER_QUOTE)) {
          state = State.SIZE_LF;
        } else {
          extension(b);
        }
        chunkLine();
      }
      case SIZE_LF -> {
        if (b != '\n') {
          throw new HttpParseException(400, "chunk size line not ended by CRLF");
        }
        chunkLineLen = 0;
        if (chunkSize == 0) {
          state = State.TRAILER_START;
          trailerBytes = 0;
          return;
        }
        bodyTotal += chunkSize;
        if (bodyTotal > maxBody) {
          throw new HttpParseException(413, "body larger than " + maxBody);
        }
        remaining = chunkSize;
        state = State.DATA;
      }
      case DATA_CR -> {
        if (b != '\r') {
          throw new HttpParseException(400, "chunk data not followed by CRLF");
        }
        state = State.DATA_LF;
      }
      case DATA_LF -> {
        if (b != '\n') {
          throw new HttpParseException(400, "chunk data not followed by CRLF");
        }
        state = State.SIZE;
        chunkSize = chunkDigits = 0;
      }
      case TRAILER_START -> {
        if (b == '\r') {
          state = State.TRAILER_END_LF;
        } else {
          trailerValue = false;
          if (trailerLine == null) {
            trailerLine = new StringBuilder();
          }
          trailerLine.setLength(0);
          trailerByte(b, true);
          state = State.TRAILER_LINE;
        }
      }
      case TRAILER_LINE -> {
        if (b == '\r') {
          if (!trailerValue) {
            throw new HttpParseException(400, "trailer field without a colon");
          }
          state = State.TRAILER_LINE_LF;
        } else {
          trailerByte(b, false);
        }
      }
      case TRAILER_LINE_LF -> {
        if (b != '\n') {
          throw new HttpParseException(400, "bare CR in trailer section");
        }
        addTrailer();
        state = State.TRAILER_START;
      }
      case TRAILER_END_LF -> {
        if (b != '\n') {
          throw new HttpParseException(400, "trailer section not ended by CRLF");
        }
        state = State.DONE;
        if (trailers != null) {
          Headers t = trailers;
          trailers = null;
          listener.trailersReceived(t);
        }
      }
      default -> throw new IllegalStateException(state.toString());
    }
  }

  private void extension(byte b) throws HttpParseException {
    boolean ws = b == ' ' || b == '\t';
    boolean token = Ascii.isTokenChar(b);
    Ext next = switch (ext) {
      case BEFORE_SEMI -> ws ? Ext.BEFORE_SEMI : b == ';' ? Ext.BEFORE_NAME : null;
      case BEFORE_NAME -> ws ? Ext.BEFORE_NAME : token ? Ext.NAME : null;
      case NAME, AFTER_NAME -> token && ext == Ext.NAME ? Ext.NAME : ws ? Ext.AFTER_NAME
          : b == '=' ? Ext.BEFORE_VALUE : b == ';' ? Ext.BEFORE_NAME : null;
      case BEFORE_VALUE -> ws ? Ext.BEFORE_VALUE : b == '"' ? Ext.QUOTED : token ? Ext.TOKEN : null;
      case TOKEN -> token ? Ext.TOKEN : ws ? Ext.BEFORE_SEMI : b == ';' ? Ext.BEFORE_NAME : null;
      // qdtext without obs-text, and quoted-pair (RFC 9110 5.6.4)
      case QUOTED -> b == '"' ? Ext.AFTER_QUOTE : b == '\\' ? Ext.QUOTED_PAIR
          : ws || (b > 0x20 && b < 0x7f) ? Ext.QUOTED : null;
      case QUOTED_PAIR -> ws || (b > 0x20 && b < 0x7f) ? Ext.QUOTED : null;
      case AFTER_QUOTE -> ws ? Ext.BEFORE_SEMI : b == ';' ? Ext.BEFORE_NAME : null;
    };
    if (next == null) {
      throw new HttpParseException(400, "invalid chunk extension");
    }
    ext = next;
  }

  private void chunkLine() throws HttpParseException {
    if (++chunkLineLen > MAX_CHUNK_LINE) {
      throw new HttpParseException(400, "chunk size line too long");
    }
  }

  // field-line = field-name ":" OWS field-value OWS (RFC 9112 5); the grammar is checked byte by
  // byte in trailerByte, so here the line is known good.
  private void addTrailer() throws HttpParseException {
    if (trailers == null) {
      trailers = new Headers();
    } else if (trailers.size() >= limits.maxHeaderCount()) {
      throw new HttpParseException(431, "more than " + limits.maxHeaderCount() + " trailer fields");
    }
    int colon = trailerLine.indexOf(":");
    int vs = colon + 1;
    int ve = trailerLine.length();
    while (vs < ve && (trailerLine.charAt(vs) == ' ' || trailerLine.charAt(vs) == '\t')) {
      vs++;
    }
    while (ve > vs && (trailerLine.charAt(ve - 1) == ' ' || trailerLine.charAt(ve - 1) == '\t')) {
      ve--;
    }
    trailers.add(trailerLine.substring(0, colon), trailerLine.substring(vs, ve));
  }

  private void trailerByte(byte b, boolean first) throws HttpParseException {
    // Trailers are handed on for the resource to read (RFC 9110 6.5), never merged into the
    // header fields: none of them may change how the request is handled. They are held to the
    // field-line grammar (RFC 9112 5, 7.1.2), as Netty and Jetty hold them (found by
    // Http1DifferentialFuzzTest): a lenient reader here is one a proxy may disagree with.
    if (trailerValue) {
      if (!Ascii.isFieldValueChar(b)) {
        throw new HttpParseException(400, "invalid byte in trailer section");
      }
    } else if (b == ':' && !first) {
      trailerValue = true;
    } else if (!Ascii.isTokenChar(b)) {
      throw new HttpParseException(400, "invalid trailer field name");
    }
    if (++trailerBytes > limits.maxHeaderBytes()) {
      throw new HttpParseException(431, "trailer section too large");
    }
    trailerLine.append((char) (b & 0xff));
  }
}
