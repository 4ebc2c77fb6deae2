package dev.torsion.ftp.internal;

import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.DirectoryStream;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;

/**
 * The blocking file-system half of the FTP commands: each method runs on the thread pool and
 * returns the reply text (or the open channel) for the reactor thread to send.
 */
public final class FileCommands {
  /** What LIST, NLST and MLSD send: the bytes of the listing. */
  public enum Listing { LIST, NLST, MLSD }

  /** A file opened for a transfer, with its size (RETR) or starting position (STOR, APPE). */
  public record Opened(FileChannel channel, long size) {}

  private final RootedFileSystem fs;

  public FileCommands(RootedFileSystem fs) {
    this.fs = fs;
  }

  public RootedFileSystem fs() {
    return fs;
  }

  /** CWD: the segments of the directory, which must exist. */
  public List<String> cwd(List<String> segments) throws IOException {
    Path real = fs.existing(segments);
    if (!Files.isDirectory(real)) {
      throw new RootedFileSystem.WrongKind(RootedFileSystem.virtual(segments) + ": not a directory");
    }
    return segments;
  }

  public long size(List<String> segments) throws IOException {
    Path real = fs.existing(segments);
    BasicFileAttributes a = Files.readAttributes(real, BasicFileAttributes.class);
    if (!a.isRegularFile()) {
      throw new RootedFileSystem.WrongKind(RootedFileSystem.virtual(segments) + ": not a plain file");
    }
    return a.size();
  }

  public String mdtm(List<String> segments) throws IOException {
    Path real = fs.existing(segments);
    return ListFormat.TIME_VAL.format(Files.getLastModifiedTime(real).toInstant());
  }

  public String mlst(List<String> segments, boolean writable) throws IOException {
    Path real = fs.existing(segments);
    BasicFileAttributes a = ListFormat.attributes(real);
    return ListFormat.mlsxLine(RootedFileSystem.virtual(segments), a.isDirectory() ? "dir" : "file", a, writable);
  }

  public void mkd(List<String> segments) throws IOException {
    Files.createDirectory(fs.forCreate(segments));
  }

  public void rmd(List<String> segments) throws IOException {
    if (segments.isEmpty()) {
      throw new RootedFileSystem.OutsideRoot("/");
    }
    Path target = fs.forCreate(segments);
    if (!Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new RootedFileSystem.WrongKind(RootedFileSystem.virtual(segments) + ": not a directory");
    }
    Files.delete(target);
  }

  public void dele(List<String> segments) throws IOException {
    Path target = fs.forCreate(segments);
    if (!Files.exists(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new RootedFileSystem.NotFound(RootedFileSystem.virtual(segments));
    }
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new RootedFileSystem.WrongKind(RootedFileSystem.virtual(segments) + ": is a directory");
    }
    Files.delete(target);
  }

  /** RNFR: the entry itself (a symlink is renamed, not its target), which must exist. */
  public Path renameFrom(List<String> segments) throws IOException {
    Path source = fs.forCreate(segments);
    if (!Files.exists(source, LinkOption.NOFOLLOW_LINKS)) {
      throw new RootedFileSystem.NotFound(RootedFileSystem.virtual(segments));
    }
    return source;
  }

  public void renameTo(Path source, List<String> segments) throws IOException {
    Path target = fs.forCreate(segments);
    Files.move(source, target, StandardCopyOption.ATOMIC_MOVE);
  }

  /** RETR: the file opened for reading, which must be a plain file. */
  public Opened openForRead(List<String> segments, long offset) throws IOException {
    Path real = fs.existing(segments);
    if (!Files.isRegularFile(real, LinkOption.NOFOLLOW_LINKS)) {
      throw new RootedFileSystem.WrongKind(RootedFileSystem.virtual(segments) + ": not a plain file");
    }
    FileChannel ch = FileChannel.open(real, StandardOpenOption.READ, LinkOption.NOFOLLOW_LINKS);
    return new Opened(ch, ch.size());
  }

  /** STOR (from {@code offset}, truncating when 0) or APPE: the file opened for writing. */
  public Opened openForWrite(List<String> segments, long offset, boolean append) throws IOException {
    Path target = fs.forCreate(segments);
    if (Files.isDirectory(target, LinkOption.NOFOLLOW_LINKS)) {
      throw new RootedFileSystem.WrongKind(RootedFileSystem.virtual(segments) + ": is a directory");
    }
    Set<OpenOption> opts = new HashSet<>(List.of(StandardOpenOption.WRITE, StandardOpenOption.CREATE,
        LinkOption.NOFOLLOW_LINKS));
    if (!append && offset == 0) {
      opts.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    FileChannel ch = FileChannel.open(target, opts);
    try {
      long size = ch.size();
      if (offset > size) {
        throw new IllegalArgumentException("REST " + offset + " is past the end (" + size + ")");
      }
      return new Opened(ch, append ? size : offset);
    } catch (RuntimeException | IOException e) {
      ch.close();
      throw e;
    }
  }

  /** LIST, NLST or MLSD of a directory (or LIST/NLST of one file), CRLF lines, at most {@code max}. */
  public byte[] listing(List<String> segments, Listing kind, boolean writable, int max) throws IOException {
    Path real = fs.existing(segments);
    Instant now = Instant.now();
    StringBuilder out = new StringBuilder();
    if (!Files.isDirectory(real)) {
      if (kind == Listing.MLSD) {
        throw new RootedFileSystem.WrongKind(RootedFileSystem.virtual(segments) + ": not a directory");
      }
      String name = segments.isEmpty() ? "/" : segments.get(segments.size() - 1);
      line(out, kind, name, ListFormat.attributes(real), writable, now);
      return out.toString().getBytes(StandardCharsets.UTF_8);
    }
    if (kind == Listing.MLSD) {
      out.append(ListFormat.mlsxLine(".", "cdir", ListFormat.attributes(real), writable)).append("\r\n");
    }
    List<Path> entries = new ArrayList<>();
    try (DirectoryStream<Path> dir = Files.newDirectoryStream(real)) {
      for (Path p : dir) {
        if (entries.size() >= max) {
          break;
        }
        entries.add(p);
      }
    }
    entries.sort(null);
    for (Path p : entries) {
      BasicFileAttributes a;
      try {
        a = ListFormat.attributes(p);
      } catch (IOException e) {
        continue; // vanished while listing
      }
      line(out, kind, p.getFileName().toString(), a, writable, now);
    }
    return out.toString().getBytes(StandardCharsets.UTF_8);
  }

  private static void line(StringBuilder out, Listing kind, String name, BasicFileAttributes a,
      boolean writable, Instant now) {
    switch (kind) {
      case LIST -> out.append(ListFormat.lsLine(name, a, now));
      case NLST -> out.append(name);
      case MLSD -> out.append(ListFormat.mlsxLine(name,
          a.isDirectory() ? "dir" : a.isSymbolicLink() ? "OS.unix=symlink" : "file", a, writable));
    }
    out.append("\r\n");
  }
}
