package dev.torsion.web.internal;

import java.io.ByteArrayInputStream;
import java.io.Closeable;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;

/**
 * Bytes kept in memory up to a threshold and in a temporary file past it: how request bodies and
 * uploaded files are held (Twisted spools bodies to a TemporaryFile the same way).
 */
public final class SpooledBuffer implements Closeable {
  private final long threshold;
  private byte[] memory = new byte[0];
  private int memoryLen;
  private Path file;
  private OutputStream fileOut;
  private long size;

  public SpooledBuffer(long threshold) {
    this.threshold = threshold;
  }

  public void write(byte[] data, int offset, int length) {
    try {
      if (file == null && memoryLen + (long) length > threshold) {
        file = Files.createTempFile("torsion-web-", ".spool");
        fileOut = Files.newOutputStream(file);
        fileOut.write(memory, 0, memoryLen);
        memory = null;
      }
      if (file != null) {
        if (fileOut == null) {
          fileOut = Files.newOutputStream(file, java.nio.file.StandardOpenOption.APPEND);
        }
        fileOut.write(data, offset, length);
      } else {
        if (memoryLen + length > memory.length) {
          memory = Arrays.copyOf(memory, Math.max(memoryLen + length, memory.length * 2));
        }
        System.arraycopy(data, offset, memory, memoryLen, length);
        memoryLen += length;
      }
      size += length;
    } catch (IOException e) {
      throw new UncheckedIOException("cannot spool to " + file, e);
    }
  }

  public long size() {
    return size;
  }

  /** True when the bytes went to a file. */
  public boolean isSpooled() {
    return file != null;
  }

  /** The spool file, or null while the bytes are in memory. */
  public Path file() {
    flush();
    return file;
  }

  /** The bytes, when they are in memory (a copy is not made: do not change it). */
  public byte[] bytes() {
    if (file != null) {
      try {
        flush();
        return Files.readAllBytes(file);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return memory.length == memoryLen ? memory : Arrays.copyOf(memory, memoryLen);
  }

  /** A fresh stream over the bytes from the start. */
  public InputStream open() {
    if (file == null) {
      return new ByteArrayInputStream(memory, 0, memoryLen);
    }
    try {
      flush();
      return Files.newInputStream(file);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private void flush() {
    if (fileOut != null) {
      try {
        fileOut.close();
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
      fileOut = null;
    }
  }

  /** Deletes the spool file, if any. */
  @Override
  public void close() {
    try {
      flush();
    } catch (UncheckedIOException ignored) {
      // deleting is what matters
    }
    if (file != null) {
      try {
        Files.deleteIfExists(file);
      } catch (IOException ignored) {
        // nothing more to do; the temp directory is cleaned eventually
      }
    }
  }
}
