package dev.torsion.conch.sftp.internal;

import dev.torsion.conch.ssh.internal.SSHWriter;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.channels.FileChannel;
import java.nio.file.AccessDeniedException;
import java.nio.file.DirectoryNotEmptyException;
import java.nio.file.DirectoryStream;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.NotDirectoryException;
import java.nio.file.OpenOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.FileTime;
import java.nio.file.attribute.PosixFileAttributeView;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.HashMap;
import java.util.HashSet;
import java.util.Iterator;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * The file operations behind an SFTP session, confined to a root by {@link ConfinedPaths}. Its
 * methods block (they touch the disk) and run on a pool thread, one request at a time; each
 * returns the reply's body. Open handles are capped at {@link #MAX_HANDLES}.
 */
public final class SFTPFileSystem implements AutoCloseable {
  public static final int MAX_HANDLES = 64;
  /** Entries per READDIR reply. */
  static final int NAMES_PER_REPLY = 100;

  private final ConfinedPaths paths;
  private final Map<String, Object> handles = new HashMap<>();
  private long nextHandle;

  public SFTPFileSystem(ConfinedPaths paths) {
    this.paths = paths;
  }

  private record Dir(DirectoryStream<Path> stream, Iterator<Path> entries) {}

  public byte[] handle(SFTPRequest q) {
    try {
      return switch (q.type()) {
        case SFTP.OPEN -> open(q);
        case SFTP.CLOSE -> close(q);
        case SFTP.READ -> read(q);
        case SFTP.WRITE -> write(q);
        case SFTP.LSTAT -> attrs(q.id(), paths.resolve(q.path(), false), false);
        case SFTP.STAT -> attrs(q.id(), paths.resolve(q.path(), true), true);
        case SFTP.FSTAT -> fstat(q);
        case SFTP.SETSTAT -> setstat(q.id(), paths.resolve(q.path(), true), q.attrs());
        case SFTP.FSETSTAT -> fsetstat(q);
        case SFTP.OPENDIR -> opendir(q);
        case SFTP.READDIR -> readdir(q);
        case SFTP.REMOVE -> {
          Path p = paths.resolve(q.path(), false);
          if (Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            yield status(q.id(), SFTP.FAILURE, "is a directory");
          }
          Files.delete(p);
          yield ok(q.id());
        }
        case SFTP.MKDIR -> {
          Files.createDirectory(paths.resolve(q.path(), false));
          yield ok(q.id());
        }
        case SFTP.RMDIR -> {
          Path p = paths.resolve(q.path(), false);
          if (p.equals(paths.root())) {
            yield status(q.id(), SFTP.PERMISSION_DENIED, "the root stays");
          }
          if (!Files.isDirectory(p, LinkOption.NOFOLLOW_LINKS)) {
            yield status(q.id(), SFTP.FAILURE, "not a directory");
          }
          Files.delete(p);
          yield ok(q.id());
        }
        case SFTP.REALPATH -> {
          String v = paths.virtual(paths.resolve(q.path(), true));
          yield name(q.id(), v, v, FileAttributes.NONE);
        }
        case SFTP.RENAME -> {
          Path from = paths.resolve(q.path(), false);
          Path to = paths.resolve(q.path2(), false);
          if (Files.exists(to, LinkOption.NOFOLLOW_LINKS)) {
            yield status(q.id(), SFTP.FAILURE, "target exists"); // v3: rename never replaces
          }
          Files.move(from, to);
          yield ok(q.id());
        }
        case SFTP.READLINK -> {
          Path link = paths.resolve(q.path(), false);
          Path target = Files.readSymbolicLink(link);
          Path real = link.getParent().resolve(target).normalize();
          if (!real.startsWith(paths.root())) {
            yield status(q.id(), SFTP.PERMISSION_DENIED, "link points outside the SFTP root");
          }
          String v = paths.virtual(real);
          yield name(q.id(), v, v, FileAttributes.NONE);
        }
        // Symlinks made by clients could point anywhere; refused rather than policed.
        case SFTP.SYMLINK -> status(q.id(), SFTP.OP_UNSUPPORTED, "symlinks are not supported");
        default -> status(q.id(), SFTP.OP_UNSUPPORTED, "unsupported request " + q.type());
      };
    } catch (NoSuchFileException e) {
      return status(q.id(), SFTP.NO_SUCH_FILE, "no such file");
    } catch (AccessDeniedException e) {
      return status(q.id(), SFTP.PERMISSION_DENIED, "permission denied");
    } catch (FileAlreadyExistsException e) {
      return status(q.id(), SFTP.FAILURE, "file exists");
    } catch (DirectoryNotEmptyException e) {
      return status(q.id(), SFTP.FAILURE, "directory not empty");
    } catch (NotDirectoryException e) {
      return status(q.id(), SFTP.NO_SUCH_FILE, "not a directory");
    } catch (IOException | UnsupportedOperationException | SecurityException e) {
      return status(q.id(), SFTP.FAILURE, "failure");
    }
  }

  private byte[] open(SFTPRequest q) throws IOException {
    if (handles.size() >= MAX_HANDLES) {
      return status(q.id(), SFTP.FAILURE, "too many open handles");
    }
    int f = q.pflags();
    Set<OpenOption> opts = new HashSet<>();
    opts.add(LinkOption.NOFOLLOW_LINKS);
    if ((f & SFTP.FXF_READ) != 0) {
      opts.add(StandardOpenOption.READ);
    }
    if ((f & SFTP.FXF_WRITE) != 0) {
      opts.add(StandardOpenOption.WRITE);
    }
    if ((f & SFTP.FXF_APPEND) != 0) {
      opts.add(StandardOpenOption.APPEND);
    }
    if ((f & SFTP.FXF_CREAT) != 0) {
      opts.add((f & SFTP.FXF_EXCL) != 0 ? StandardOpenOption.CREATE_NEW : StandardOpenOption.CREATE);
    }
    if ((f & SFTP.FXF_TRUNC) != 0) {
      opts.add(StandardOpenOption.TRUNCATE_EXISTING);
    }
    if (!opts.contains(StandardOpenOption.READ) && !opts.contains(StandardOpenOption.WRITE)) {
      return status(q.id(), SFTP.BAD_MESSAGE, "open for neither reading nor writing");
    }
    Path p = paths.resolve(q.path(), true);
    if (Files.isDirectory(p)) {
      return status(q.id(), SFTP.FAILURE, "is a directory");
    }
    FileChannel ch = FileChannel.open(p, opts);
    if (q.attrs() != null && q.attrs().permissions() != null
        && (f & SFTP.FXF_CREAT) != 0) {
      try {
        Files.setPosixFilePermissions(p, perms(q.attrs().permissions()));
      } catch (IOException | UnsupportedOperationException e) {
        // the file is open; its mode stays the default
      }
    }
    return handleReply(q.id(), ch);
  }

  private byte[] handleReply(long id, Object o) {
    String h = Long.toString(nextHandle++);
    handles.put(h, o);
    return reply(SFTP.HANDLE, id).writeString(h).toByteArray();
  }

  private Object handleOf(SFTPRequest q) {
    return handles.get(new String(q.handle(), java.nio.charset.StandardCharsets.US_ASCII));
  }

  private byte[] close(SFTPRequest q) throws IOException {
    Object o = handles.remove(new String(q.handle(), java.nio.charset.StandardCharsets.US_ASCII));
    if (o == null) {
      return status(q.id(), SFTP.FAILURE, "no such handle");
    }
    closeQuietly(o);
    return ok(q.id());
  }

  private byte[] read(SFTPRequest q) throws IOException {
    if (!(handleOf(q) instanceof FileChannel ch)) {
      return status(q.id(), SFTP.FAILURE, "no such file handle");
    }
    int n = Math.min(Math.max(q.length(), 0), SFTP.MAX_READ);
    ByteBuffer buf = ByteBuffer.allocate(n);
    int got = 0;
    while (buf.hasRemaining()) {
      int r = ch.read(buf, q.offset() + got);
      if (r < 0) {
        break;
      }
      got += r;
    }
    if (got == 0 && n > 0) {
      return status(q.id(), SFTP.EOF, "end of file");
    }
    return reply(SFTP.DATA, q.id()).writeString(buf.array(), 0, got).toByteArray();
  }

  private byte[] write(SFTPRequest q) throws IOException {
    if (!(handleOf(q) instanceof FileChannel ch)) {
      return status(q.id(), SFTP.FAILURE, "no such file handle");
    }
    ByteBuffer buf = ByteBuffer.wrap(q.data());
    long pos = q.offset();
    while (buf.hasRemaining()) {
      pos += ch.write(buf, pos);
    }
    return ok(q.id());
  }

  private byte[] fstat(SFTPRequest q) throws IOException {
    Object o = handleOf(q);
    if (o instanceof FileChannel ch) {
      SSHWriter w = reply(SFTP.ATTRS, q.id());
      new FileAttributes(size(ch), null, null, null, null, null).write(w);
      return w.toByteArray();
    }
    return status(q.id(), SFTP.FAILURE, "no such file handle");
  }

  private static long size(FileChannel ch) throws IOException {
    return ch.size();
  }

  private byte[] fsetstat(SFTPRequest q) throws IOException {
    Object o = handleOf(q);
    if (o instanceof FileChannel ch && q.attrs().size() != null
        && q.attrs().permissions() == null && q.attrs().mtime() == null) {
      ch.truncate(q.attrs().size());
      return ok(q.id());
    }
    return o == null ? status(q.id(), SFTP.FAILURE, "no such handle") : ok(q.id());
  }

  private byte[] setstat(long id, Path p, FileAttributes a) throws IOException {
    if (a.permissions() != null) {
      Files.setPosixFilePermissions(p, perms(a.permissions()));
    }
    if (a.mtime() != null) {
      Files.getFileAttributeView(p, PosixFileAttributeView.class).setTimes(
          FileTime.from(Instant.ofEpochSecond(a.mtime())),
          FileTime.from(Instant.ofEpochSecond(a.atime())), null);
    }
    if (a.size() != null) {
      try (FileChannel ch = FileChannel.open(p, StandardOpenOption.WRITE,
          LinkOption.NOFOLLOW_LINKS)) {
        ch.truncate(a.size());
      }
    }
    return ok(id);
  }

  private byte[] opendir(SFTPRequest q) throws IOException {
    if (handles.size() >= MAX_HANDLES) {
      return status(q.id(), SFTP.FAILURE, "too many open handles");
    }
    Path p = paths.resolve(q.path(), true);
    DirectoryStream<Path> s = Files.newDirectoryStream(p);
    return handleReply(q.id(), new Dir(s, s.iterator()));
  }

  private byte[] readdir(SFTPRequest q) throws IOException {
    if (!(handleOf(q) instanceof Dir d)) {
      return status(q.id(), SFTP.FAILURE, "no such directory handle");
    }
    SSHWriter names = new SSHWriter(4096);
    int count = 0;
    while (count < NAMES_PER_REPLY && d.entries().hasNext()) {
      Path e = d.entries().next();
      PosixFileAttributes a;
      try {
        a = Files.readAttributes(e, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
      } catch (IOException gone) {
        continue;
      }
      String name = e.getFileName().toString();
      names.writeString(name).writeString(longName(name, a));
      attributes(a).write(names);
      count++;
    }
    if (count == 0) {
      return status(q.id(), SFTP.EOF, "end of directory");
    }
    return reply(SFTP.NAME, q.id()).writeUint32(count).writeRaw(names.toByteArray()).toByteArray();
  }

  private byte[] attrs(long id, Path p, boolean follow) throws IOException {
    PosixFileAttributes a = follow ? Files.readAttributes(p, PosixFileAttributes.class)
        : Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    SSHWriter w = reply(SFTP.ATTRS, id);
    attributes(a).write(w);
    return w.toByteArray();
  }

  static FileAttributes attributes(PosixFileAttributes a) {
    int type = a.isDirectory() ? 0040000 : a.isSymbolicLink() ? 0120000 : a.isRegularFile()
        ? 0100000 : 0;
    int mode = type;
    for (PosixFilePermission p : a.permissions()) {
      mode |= 1 << (8 - p.ordinal());
    }
    long mtime = a.lastModifiedTime().to(java.util.concurrent.TimeUnit.SECONDS);
    long atime = a.lastAccessTime().to(java.util.concurrent.TimeUnit.SECONDS);
    return new FileAttributes(a.size(), 0, 0, mode, atime & 0xffffffffL, mtime & 0xffffffffL);
  }

  private static final DateTimeFormatter LS_DATE =
      DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ROOT).withZone(ZoneId.systemDefault());

  /** "ls -l" style, as OpenSSH's sftp shows it. */
  static String longName(String name, PosixFileAttributes a) {
    StringBuilder b = new StringBuilder();
    b.append(a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : '-');
    String rwx = "rwxrwxrwx";
    for (int i = 0; i < 9; i++) {
      b.append(a.permissions().contains(PosixFilePermission.values()[i]) ? rwx.charAt(i) : '-');
    }
    b.append(String.format(Locale.ROOT, " %4d %-8s %-8s %8d %s %s", 1, a.owner().getName(),
        a.group().getName(), a.size(), LS_DATE.format(a.lastModifiedTime().toInstant()), name));
    return b.toString();
  }

  static Set<PosixFilePermission> perms(int mode) {
    Set<PosixFilePermission> s = new HashSet<>();
    for (PosixFilePermission p : PosixFilePermission.values()) {
      if ((mode & (1 << (8 - p.ordinal()))) != 0) {
        s.add(p);
      }
    }
    return s;
  }

  static SSHWriter reply(int type, long id) {
    return new SSHWriter().writeByte(type).writeUint32(id);
  }

  static byte[] ok(long id) {
    return status(id, SFTP.OK, "ok");
  }

  public static byte[] status(long id, int code, String message) {
    return reply(SFTP.STATUS, id).writeUint32(code).writeString(message).writeString("")
        .toByteArray();
  }

  static byte[] name(long id, String filename, String longname, FileAttributes a) {
    SSHWriter w = reply(SFTP.NAME, id).writeUint32(1).writeString(filename).writeString(longname);
    a.write(w);
    return w.toByteArray();
  }

  private static void closeQuietly(Object o) {
    try {
      if (o instanceof FileChannel ch) {
        ch.close();
      } else if (o instanceof Dir d) {
        d.stream().close();
      }
    } catch (IOException e) {
      // closing is all we can do
    }
  }

  @Override
  public void close() {
    for (Object o : handles.values()) {
      closeQuietly(o);
    }
    handles.clear();
  }
}
