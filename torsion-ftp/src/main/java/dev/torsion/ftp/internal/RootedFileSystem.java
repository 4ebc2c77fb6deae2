package dev.torsion.ftp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The server's view of its root directory: client paths ("/pub/../a", "b/c") become paths under
 * the root, and nothing a client names can reach outside it.
 *
 * <p>Two steps, as a chroot would do it. {@link #normalize} works on the client's text alone:
 * ".." stops at the virtual root, so "/../../etc" is "/etc" under the root. Then {@link
 * #existing} and {@link #forCreate} ask the file system for the real path (every symlink
 * resolved) and refuse any that is not inside the root's real path: a symlink in the tree that
 * points at /etc is "permission denied", not a way out. Those two touch the disk and so run on
 * the thread pool, never on the reactor thread.
 */
public final class RootedFileSystem {
  /** A path that resolves outside the root; answered as "permission denied". */
  public static final class OutsideRoot extends IOException {
    public OutsideRoot(String path) {
      super(path + ": permission denied");
    }
  }

  /**
   * A client path that does not exist, named as the client named it (virtual): the one kind of
   * "no such file" whose message may go into a reply. The JDK's own name the real path.
   */
  public static final class NotFound extends NoSuchFileException {
    public NotFound(String virtualPath) {
      super(virtualPath);
    }
  }

  /** A client path that exists but is the wrong kind (a directory for DELE, say); virtual message. */
  public static final class WrongKind extends IOException {
    public WrongKind(String message) {
      super(message);
    }
  }

  private final Path root;
  private volatile Path realRoot;

  public RootedFileSystem(Path root) {
    this.root = root.toAbsolutePath().normalize();
  }

  public Path root() {
    return root;
  }

  /** The segments of {@code argument} seen from the virtual directory {@code cwd}; ".." stops at "/". */
  public static List<String> normalize(String cwd, String argument) {
    List<String> out = new ArrayList<>();
    String path = argument.startsWith("/") ? argument : cwd + "/" + argument;
    for (String seg : path.split("/")) {
      if (seg.isEmpty() || seg.equals(".")) {
        continue;
      }
      if (seg.equals("..")) {
        if (!out.isEmpty()) {
          out.remove(out.size() - 1);
        }
        continue;
      }
      out.add(seg);
    }
    return out;
  }

  /** "/" followed by the segments joined with "/". */
  public static String virtual(List<String> segments) {
    return "/" + String.join("/", segments);
  }

  /** The real path of an existing file or directory, which must lie inside the root. */
  public Path existing(List<String> segments) throws IOException {
    Path p = local(segments);
    if (!Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      throw new NotFound(virtual(segments));
    }
    Path real;
    try {
      real = p.toRealPath();
    } catch (NoSuchFileException e) {
      throw new NotFound(virtual(segments)); // a dangling symlink
    }
    check(real, segments);
    return real;
  }

  /**
   * Where to create (or replace) the last segment: the real path of its parent, which must lie
   * inside the root, with the name appended. An existing symlink there must also point inside.
   */
  public Path forCreate(List<String> segments) throws IOException {
    if (segments.isEmpty()) {
      throw new OutsideRoot("/");
    }
    Path parent = existing(segments.subList(0, segments.size() - 1));
    String name = segments.get(segments.size() - 1);
    Path target = parent.resolve(name);
    if (!target.getParent().equals(parent)) {
      throw new OutsideRoot(virtual(segments)); // a name the platform reads as more than one segment
    }
    if (Files.isSymbolicLink(target)) {
      if (Files.exists(target)) {
        check(target.toRealPath(), segments);
      } else {
        throw new OutsideRoot(virtual(segments)); // dangling: creating it would follow the link
      }
    }
    return target;
  }

  /** The virtual path of a real path inside the root (for PWD after CWD through a symlink). */
  public List<String> segmentsOf(Path real) throws IOException {
    Path rr = realRoot();
    List<String> out = new ArrayList<>();
    for (Path seg : rr.relativize(real)) {
      if (!seg.toString().isEmpty()) {
        out.add(seg.toString());
      }
    }
    return out;
  }

  private Path local(List<String> segments) throws IOException {
    Path p = root;
    for (String seg : segments) {
      if (seg.indexOf('\0') >= 0) {
        throw new OutsideRoot(virtual(segments));
      }
      p = p.resolve(seg);
    }
    return p;
  }

  private void check(Path real, List<String> segments) throws IOException {
    if (!real.startsWith(realRoot())) {
      throw new OutsideRoot(virtual(segments));
    }
  }

  private Path realRoot() throws IOException {
    Path r = realRoot;
    if (r == null) {
      r = root.toRealPath();
      realRoot = r;
    }
    return r;
  }
}
