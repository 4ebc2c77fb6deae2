package dev.torsion.mail.imap.internal;

import dev.torsion.mail.internal.CrlfLineSplitter;
import dev.torsion.mail.internal.SerialDiskQueue;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * Frames IMAP client input into commands (RFC 3501 2.2, 4.3; LITERAL+ of RFC 7888), bounded.
 *
 * <pre>
 *   command = segment *( "{" size ["+"] "}" CRLF size*OCTET segment ) CRLF
 *   segment = up to maxLine octets of text        ; "{n}" announces a literal, "{n+}" one
 *                                                  ; the client sends without waiting
 * </pre>
 *
 * <p>A synchronising literal is read only after the handler has said "+" ({@link
 * Handler#continueLiteral}); one larger than the limit is refused at once and never read (the
 * client does not send it). A non-synchronising one that is too large is skipped, counted but not
 * stored, and the command refused when its line ends. Segments, literals per command and literal
 * sizes are all bounded; nothing is allocated by an announced size.
 *
 * <p>The client frames server responses with the same reader ({@link #forResponses}): there a
 * server never waits for "+" before a literal, so every literal is read (or, over the limit,
 * skipped and the response refused), and a continuation request ("+ text") announces none.
 */
public final class CommandReader {
  /** Receives framed commands. */
  public interface Handler {
    /** A whole command: byte[] segments (no CRLF, no "{n}") with a Literal between two. */
    void command(List<Object> parts);

    /** The client waits for "+" before sending a synchronising literal. */
    void continueLiteral();

    /**
     * The command was refused while framing: {@code tooBig} for a literal over the limit, else a
     * line too long or too many literals. {@code firstSegment} holds the tag, if any came.
     */
    void refused(byte[] firstSegment, boolean tooBig);
  }

  public static final int MAX_LITERALS = 16;

  private final CrlfLineSplitter lines;
  private final long maxLiteral;
  private final Path spool;
  private final SerialDiskQueue disk;
  private final Handler handler;
  private final List<Object> parts = new ArrayList<>();
  private Literal literal;
  private long skip;
  private boolean tooBig;
  private byte[] first;
  private boolean discard;
  private final boolean responses;

  /** A reader whose large literals are spooled under {@code spool} inline, on the caller. */
  public CommandReader(int maxLine, long maxLiteral, Path spool, Handler handler) {
    this(maxLine, maxLiteral, spool, new SerialDiskQueue(null), handler);
  }

  /**
   * A reader whose large literals are spooled under {@code spool} through {@code disk}: the
   * handler must let {@code disk} drain before it uses a command's literals.
   */
  public CommandReader(int maxLine, long maxLiteral, Path spool, SerialDiskQueue disk,
      Handler handler) {
    this(maxLine, maxLiteral, spool, disk, handler, false);
  }

  private CommandReader(int maxLine, long maxLiteral, Path spool, SerialDiskQueue disk,
      Handler handler, boolean responses) {
    this.lines = new CrlfLineSplitter(maxLine);
    this.maxLiteral = maxLiteral;
    this.spool = spool;
    this.disk = disk;
    this.handler = handler;
    this.responses = responses;
  }

  /**
   * A reader of server responses for a client (RFC 3501 7): literals in memory, none of them
   * synchronising; {@link Handler#continueLiteral} is never called.
   */
  public static CommandReader forResponses(int maxLine, long maxLiteral, Handler handler) {
    return new CommandReader(maxLine, maxLiteral, null, null, handler, true);
  }

  /** Forgets anything half-read (after STARTTLS, RFC 3501 6.2.1). */
  public void clear() {
    lines.clear();
    reset();
  }

  /**
   * Drops everything after the command being handled, in this call to {@link #feed} too: bytes
   * pipelined behind STARTTLS (RFC 3501 6.2.1, CVE-2011-0411).
   */
  public void discardRest() {
    discard = true;
  }

  /** Consumes all of {@code data}. */
  public void feed(byte[] data, int off, int n) throws IOException {
    int end = off + n;
    while (off < end) {
      if (discard) {
        discard = false;
        clear();
        return;
      }
      if (skip > 0) {
        int take = (int) Math.min(skip, end - off);
        skip -= take;
        off += take;
      } else if (literal != null) {
        int take = (int) Math.min(literal.remaining(), end - off);
        literal.write(data, off, take);
        off += take;
        if (literal.remaining() == 0) {
          literal.finish();
          parts.add(literal);
          literal = null;
        }
      } else {
        off += lines.feed(data, off, end - off, this::line);
      }
    }
    if (discard) {
      discard = false;
      clear();
    }
  }

  private boolean line(byte[] raw, boolean tooLong) {
    if (first == null) {
      first = raw;
    }
    if (tooLong) {
      refuse(false);
      return !discard;
    }
    long announced = -1;
    boolean sync = !responses;
    int n = raw.length;
    // RFC 3501 7.5: a continuation request's text is free text, never a literal.
    boolean continuation = responses && parts.isEmpty() && n > 0 && raw[0] == '+';
    if (n >= 3 && raw[n - 1] == '}' && !continuation) {
      int i = n - 2;
      if (raw[i] == '+' && !responses) {
        sync = false;
        i--;
      }
      int digitsEnd = i + 1;
      while (i >= 0 && raw[i] >= '0' && raw[i] <= '9' && digitsEnd - i <= 12) {
        i--;
      }
      if (i >= 0 && raw[i] == '{' && i + 1 < digitsEnd && digitsEnd - i - 1 <= 12) {
        announced = Long.parseLong(new String(raw, i + 1, digitsEnd - i - 1,
            java.nio.charset.StandardCharsets.US_ASCII));
        n = i;
      }
    }
    if (announced < 0) {
      parts.add(raw);
      if (tooBig) {
        refuse(true);
      } else {
        List<Object> command = List.copyOf(parts);
        parts.clear(); // the literals are the handler's now
        reset();
        handler.command(command);
      }
      return !discard;
    }
    parts.add(java.util.Arrays.copyOf(raw, n));
    if (announced > maxLiteral || parts.size() / 2 >= MAX_LITERALS) {
      if (sync || responses) { // a client gives up on such a server: nothing to keep in step
        refuse(announced > maxLiteral); // RFC 7888 4 / RFC 3501 7.1: the client sends nothing
      } else {
        tooBig = true;
        skip = announced;
      }
      return false;
    }
    // a spool file that cannot be created or written fails the command once it is framed
    literal = Literal.open(announced, spool, disk);
    if (announced == 0) {
      parts.add(literal);
      literal = null;
    }
    if (sync) {
      handler.continueLiteral();
    }
    return false;
  }

  private void refuse(boolean big) {
    byte[] f = first;
    reset();
    handler.refused(f, big);
  }

  private void reset() {
    for (Object p : parts) {
      if (p instanceof Literal l) {
        l.discard();
      }
    }
    if (literal != null) {
      literal.discard();
      literal = null;
    }
    parts.clear();
    first = null;
    tooBig = false;
  }
}
