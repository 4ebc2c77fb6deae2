package dev.torsion.mail.smtp;

import dev.torsion.mail.Maildir;
import dev.torsion.mail.internal.DiskAccess;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * One incoming message on its way to disk: lines are checked and counted on the reactor thread
 * (CRLF-ended, after dot-unstuffing, against the size limit, for bare CR and LF) and gathered
 * into chunks, which the session's disk queue writes on the pool ({@link #open}, {@link #write},
 * {@link #close} and {@link #delete} are the disk work, run one at a time in that order). Past
 * the limit nothing more is written, but the rest is still read up to the final dot, so that the
 * reply (552) lands where the client expects it.
 */
final class SpoolWriter {
  /** Bytes gathered before a chunk goes to the disk queue. */
  static final int CHUNK = 64 * 1024;

  private final String id = Maildir.uniqueName();
  private final Path dir;
  private final Path path;
  private final long limit;
  private byte[] chunk = new byte[CHUNK];
  private int filled;
  private long size;
  private boolean tooBig;
  private boolean bareNewline;
  private boolean lineTooLong;
  // set and read by pool tasks, read on the reactor once the queue has drained
  private volatile OutputStream out;
  private volatile boolean failed;

  SpoolWriter(Path dir, long limit) {
    this.dir = dir;
    this.path = dir.resolve(id);
    this.limit = limit;
  }

  String id() {
    return id;
  }

  Path path() {
    return path;
  }

  /** Disk work: creates the file and writes {@code header}. */
  void open(String header) {
    DiskAccess.touch("spool");
    try {
      Files.createDirectories(dir);
      out = Files.newOutputStream(path);
      out.write(header.getBytes(StandardCharsets.ISO_8859_1));
    } catch (IOException e) {
      failed = true;
    }
  }

  boolean failed() {
    return failed;
  }

  /** Takes one line; returns a full chunk for the disk queue, or null. */
  byte[] line(byte[] line, int from, boolean cut) {
    if (cut) {
      lineTooLong = true;
    }
    for (int i = from; i < line.length; i++) {
      if (line[i] == '\r' || line[i] == '\n') {
        bareNewline = true; // RFC 5321 2.3.8
        break;
      }
    }
    int n = line.length - from + 2;
    size += n;
    if (size > limit) {
      tooBig = true;
    }
    if (tooBig || bareNewline || lineTooLong) {
      return null;
    }
    byte[] full = null;
    if (filled + n > CHUNK) {
      full = takeChunk();
    }
    if (n > chunk.length) {
      chunk = new byte[n]; // a line is at most MAX_TEXT_LINE + 2, below CHUNK; kept for safety
    }
    System.arraycopy(line, from, chunk, filled, n - 2);
    chunk[filled + n - 2] = '\r';
    chunk[filled + n - 1] = '\n';
    filled += n;
    return full;
  }

  /** What was gathered and not yet handed out (possibly empty). */
  byte[] takeChunk() {
    byte[] c = Arrays.copyOf(chunk, filled);
    filled = 0;
    return c;
  }

  /** Disk work: appends {@code data}. */
  void write(byte[] data) {
    OutputStream o = out;
    if (failed || o == null || data.length == 0) {
      return;
    }
    DiskAccess.touch("spool");
    try {
      o.write(data);
    } catch (IOException e) {
      failed = true;
    }
  }

  /** Disk work: flushes and closes the file. */
  void close() {
    OutputStream o = out;
    out = null;
    if (o == null) {
      return;
    }
    DiskAccess.touch("spool");
    try {
      o.close();
    } catch (IOException e) {
      failed = true;
    }
  }

  /** After {@link #close} has run: the refusal to send, or null when the message is good. */
  String refusal() {
    if (tooBig) {
      return "552 5.3.4 Message size exceeds fixed maximum message size";
    }
    if (bareNewline) {
      return "550 5.6.0 Message refused: bare CR or LF in the message (RFC 5321 2.3.8)";
    }
    if (lineTooLong) {
      return "500 5.5.2 Message refused: line longer than 1000 octets (RFC 5321 4.5.3.1.6)";
    }
    if (failed) {
      return "451 4.3.0 Cannot spool the message";
    }
    return null;
  }

  /** Disk work: closes the file if still open and deletes it. */
  void delete() {
    close();
    DiskAccess.touch("spool");
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a spool file left behind is harmless; nothing refers to it
    }
  }
}
