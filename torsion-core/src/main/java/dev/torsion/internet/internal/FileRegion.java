package dev.torsion.internet.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.channels.WritableByteChannel;

/**
 * A region of an open file waiting in a connection's {@link WriteQueue}, sent with {@link
 * FileChannel#transferTo} (sendfile(2) on Linux): the bytes go from the page cache to the socket
 * without passing through the Java heap. The region owns its channel and closes it once sent,
 * when sending fails, or when the queue is cleared (the connection closed first).
 *
 * <p>The transfer runs on the reactor thread. On a non-blocking socket sendfile takes what fits
 * in the socket buffer and returns; a page not yet in the page cache is read from disk inside
 * the call, as nginx's {@code sendfile on} does without thread pools. The open and the stat,
 * which may wait on a cold disk for a directory walk, are the caller's to do on the pool.
 */
final class FileRegion {
  /** The file ended before the region did: the length promised to the peer can no longer be met. */
  static final class Truncated extends IOException {
    Truncated(String message) {
      super(message);
    }
  }

  private final FileChannel file;
  private long position;
  private long remaining;
  /** How many buffers had been added to the queue before this region: it goes after them. */
  long after;

  FileRegion(FileChannel file, long position, long count) {
    this.file = file;
    this.position = position;
    this.remaining = count;
  }

  long remaining() {
    return remaining;
  }

  /** Sends what the socket takes now; returns how many bytes that was. */
  long transferTo(WritableByteChannel socket) throws IOException {
    long n = file.transferTo(position, remaining, socket);
    // transferTo answers 0 both for a full socket (EAGAIN) and for a position at or past the
    // end of the file; only the second is checked, with one fstat, and only then.
    if (n == 0 && file.size() <= position) {
      throw new Truncated("file shrank while being sent: ends at " + file.size() + ", "
          + remaining + " bytes short of the region");
    }
    position += n;
    remaining -= n;
    return n;
  }

  void close() {
    StreamConnection.closeQuietly(file);
  }
}
