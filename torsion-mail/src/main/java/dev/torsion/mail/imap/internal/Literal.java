package dev.torsion.mail.imap.internal;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The octets of one IMAP literal as they arrive: in memory when small, else in a spool file, so
 * a large APPEND streams to disk. Nothing is allocated by the announced size.
 */
public final class Literal {
  /** Literals up to this size stay in memory. */
  public static final int MEMORY_LIMIT = 64 * 1024;

  private final long size;
  private ByteArrayOutputStream memory;
  private OutputStream out;
  private Path file;
  private long written;

  private Literal(long size) {
    this.size = size;
  }

  /** A literal of {@code size} octets, spooled under {@code spool} (null: memory) when large. */
  public static Literal open(long size, Path spool) throws IOException {
    Literal l = new Literal(size);
    if (size <= MEMORY_LIMIT || spool == null) {
      l.memory = new ByteArrayOutputStream((int) Math.min(size, 8192));
    } else {
      Files.createDirectories(spool);
      l.file = Files.createTempFile(spool, "imap-literal-", ".tmp");
      l.out = Files.newOutputStream(l.file);
    }
    return l;
  }

  /** Octets still expected. */
  public long remaining() {
    return size - written;
  }

  public long size() {
    return size;
  }

  void write(byte[] data, int off, int n) throws IOException {
    written += n;
    if (memory != null) {
      memory.write(data, off, n);
    } else {
      out.write(data, off, n);
    }
  }

  void finish() throws IOException {
    if (out != null) {
      out.close();
    }
  }

  /** The octets (read from the spool file if there is one). */
  public byte[] bytes() throws IOException {
    return memory != null ? memory.toByteArray() : Files.readAllBytes(file);
  }

  /** The spool file, or null when the literal is in memory. */
  public Path file() {
    return file;
  }

  /** Removes the spool file, if any. */
  public void discard() {
    try {
      if (out != null) {
        out.close();
      }
      if (file != null) {
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a spool file left behind is cleaned with the spool
    }
  }
}
