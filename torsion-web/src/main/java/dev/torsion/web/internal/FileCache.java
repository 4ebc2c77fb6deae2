package dev.torsion.web.internal;

import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.FileTime;
import java.util.Iterator;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;

/**
 * What a static-file tree has already worked out about each file it served: the response fields
 * (ETag, Last-Modified, Content-Type, Content-Length) and, for small files, the bytes, so that a
 * repeated request costs one stat instead of stat, open, read and close.
 *
 * <p>An entry is used only while a fresh stat of the file, which {@code StaticFile} makes on
 * every request anyway (its checks against leaving the root depend on it), still shows the same
 * file: same file key (device and inode, so a file replaced by a rename is a new file), size and
 * modification time, the fields the ETag is made of. A cached answer is therefore never staler
 * than the ETag a client would revalidate with. Memory is bounded by entries and by bytes, the
 * least recently used going first.
 *
 * <pre>{@code
 * FileCache.Entry e = cache.get(path, attrs);
 * if (e == null) {
 *   e = cache.put(path, attrs, body, etag, lastModified, type);
 * }
 * }</pre>
 */
public final class FileCache {
  /** One file's fields and, when small enough, its bytes (never changed once made). */
  public static final class Entry {
    private final Object fileKey;
    private final long size;
    private final FileTime modified;
    private final byte[] body;
    private final long mtimeSeconds;
    public final String etag;
    public final String lastModified;
    public final String type;
    public final String length;

    Entry(BasicFileAttributes attrs, byte[] body, long mtimeSeconds, String etag,
        String lastModified, String type) {
      this.fileKey = attrs.fileKey();
      this.size = attrs.size();
      this.modified = attrs.lastModifiedTime();
      this.body = body;
      this.mtimeSeconds = mtimeSeconds;
      this.etag = etag;
      this.lastModified = lastModified;
      this.type = type;
      this.length = Long.toString(size);
    }

    /** The whole file, or null when it was too big to keep. Shared: never write to it. */
    public byte[] body() {
      return body;
    }

    public long mtimeSeconds() {
      return mtimeSeconds;
    }

    boolean describes(BasicFileAttributes attrs) {
      return size == attrs.size() && modified.equals(attrs.lastModifiedTime())
          && Objects.equals(fileKey, attrs.fileKey());
    }
  }

  private final int maxEntries;
  private final long maxBytes;
  private final int maxFileBytes;
  private final LinkedHashMap<Path, Entry> entries = new LinkedHashMap<>(16, 0.75f, true);
  private long bytes;

  /**
   * A cache of at most {@code maxEntries} files and {@code maxBytes} of file contents, keeping
   * the bytes only of files up to {@code maxFileBytes}.
   */
  public FileCache(int maxEntries, long maxBytes, int maxFileBytes) {
    this.maxEntries = maxEntries;
    this.maxBytes = maxBytes;
    this.maxFileBytes = maxFileBytes;
  }

  /** Whether a file of {@code size} bytes would have its contents kept. */
  public boolean keepsBody(long size) {
    return size <= maxFileBytes && size <= maxBytes;
  }

  /** The entry for {@code path} if {@code attrs}, just read, still describe the file it was made for. */
  public synchronized Entry get(Path path, BasicFileAttributes attrs) {
    Entry e = entries.get(path);
    if (e == null) {
      return null;
    }
    if (!e.describes(attrs)) {
      entries.remove(path);
      bytes -= sizeOf(e);
      return null;
    }
    return e;
  }

  /**
   * Records what was worked out for {@code path} as {@code attrs} described it; {@code body} is
   * the whole file or null. Returns the entry, which is also right for this request.
   */
  public Entry put(Path path, BasicFileAttributes attrs, byte[] body, long mtimeSeconds,
      String etag, String lastModified, String type) {
    byte[] kept = body != null && keepsBody(body.length) ? body : null;
    Entry e = new Entry(attrs, kept, mtimeSeconds, etag, lastModified, type);
    synchronized (this) {
      Entry old = entries.put(path, e);
      if (old != null) {
        bytes -= sizeOf(old);
      }
      bytes += sizeOf(e);
      Iterator<Map.Entry<Path, Entry>> eldest = entries.entrySet().iterator();
      while ((entries.size() > maxEntries || bytes > maxBytes) && eldest.hasNext()) {
        Entry gone = eldest.next().getValue();
        eldest.remove();
        bytes -= sizeOf(gone);
      }
    }
    return e;
  }

  /** How many files are cached now (for tests and metrics). */
  public synchronized int size() {
    return entries.size();
  }

  private static long sizeOf(Entry e) {
    return e.body == null ? 0 : e.body.length;
  }
}
