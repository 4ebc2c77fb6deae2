package dev.torsion.mail.imap.internal;

import dev.torsion.mail.internal.DiskAccess;
import dev.torsion.mail.internal.SerialDiskQueue;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The octets of one IMAP literal as they arrive: in memory when small, else in a spool file, so
 * a large APPEND streams to disk. Nothing is allocated by the announced size.
 *
 * <p>A spooled literal's file is created, written and closed through the session's {@link
 * SerialDiskQueue}, in 64 KiB chunks, so on the reactor's pool and never on the reactor thread;
 * a command using it runs only once that queue has drained (then {@link #failed} tells whether
 * the writes went through).
 */
public final class Literal {
  /** Literals up to this size stay in memory. */
  public static final int MEMORY_LIMIT = 64 * 1024;

  private final long size;
  private final SerialDiskQueue disk;
  private ByteArrayOutputStream memory;
  /** Spooled octets gathered on the reactor thread until a chunk is full. */
  private ByteArrayOutputStream chunk;
  private OutputStream out;
  private volatile Path file;
  private volatile IOException error;
  private long written;

  private Literal(long size, SerialDiskQueue disk) {
    this.size = size;
    this.disk = disk;
  }

  /**
   * A literal of {@code size} octets, spooled under {@code spool} through {@code disk} when large
   * (in memory when either is null). Called on the reactor thread.
   */
  public static Literal open(long size, Path spool, SerialDiskQueue disk) {
    Literal l = new Literal(size, spool == null ? null : disk);
    if (size <= MEMORY_LIMIT || l.disk == null) {
      l.memory = new ByteArrayOutputStream((int) Math.min(size, 8192));
    } else {
      l.chunk = new ByteArrayOutputStream(8192);
      l.disk.submit(0, () -> l.run(() -> {
        Files.createDirectories(spool);
        l.file = Files.createTempFile(spool, "imap-literal-", ".tmp");
        l.out = Files.newOutputStream(l.file);
      }));
    }
    return l;
  }

  private interface DiskWork {
    void run() throws IOException;
  }

  /** Runs {@code work} on the queue's thread, unless an earlier step has failed. */
  private void run(DiskWork work) {
    if (error != null) {
      return;
    }
    DiskAccess.touch("literal");
    try {
      work.run();
    } catch (IOException e) {
      error = e;
    }
  }

  /** Octets still expected. */
  public long remaining() {
    return size - written;
  }

  public long size() {
    return size;
  }

  void write(byte[] data, int off, int n) {
    written += n;
    if (memory != null) {
      memory.write(data, off, n);
      return;
    }
    chunk.write(data, off, n);
    if (chunk.size() >= MEMORY_LIMIT) {
      flush();
    }
  }

  private void flush() {
    byte[] bytes = chunk.toByteArray();
    chunk.reset();
    disk.submit(bytes.length, () -> run(() -> out.write(bytes)));
  }

  void finish() {
    if (chunk != null) {
      flush();
      disk.submit(0, () -> run(out::close));
    }
  }

  /** True when the spool file could not be written; meaningful once the queue has drained. */
  public boolean failed() {
    return error != null;
  }

  /** The octets (read from the spool file if there is one). */
  public byte[] bytes() throws IOException {
    return memory != null ? memory.toByteArray() : Files.readAllBytes(file);
  }

  /** The spool file, or null when the literal is in memory. */
  public Path file() {
    return file;
  }

  /**
   * Removes the spool file, if any, through the queue, after the writes still queued for it.
   * Called on the reactor thread.
   */
  public void discard() {
    if (chunk != null) {
      chunk = null;
      disk.submit(0, this::delete);
    }
  }

  /**
   * Removes the spool file at once, on the calling thread: for a pool thread running the command
   * that used the literal, after the queue has drained (so every write is done).
   */
  public void discardNow() {
    if (chunk != null) {
      chunk = null;
      delete();
    }
  }

  private void delete() {
    try {
      if (out != null) {
        out.close();
      }
      if (file != null) {
        DiskAccess.touch("literal");
        Files.deleteIfExists(file);
      }
    } catch (IOException ignored) {
      // a spool file left behind is cleaned with the spool
    }
  }
}
