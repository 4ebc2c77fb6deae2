package dev.torsion.conch.sftp.internal;

import java.io.IOException;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.ArrayDeque;
import java.util.Deque;

/**
 * Maps the paths an SFTP client names onto a root directory it cannot leave. The client sees
 * the root as "/" (and as its working directory). A name is first normalised as text, so ".."
 * stops at "/"; then the real path of the directory holding the last component is taken and
 * must lie under the root's real path, so a symlink cannot lead out either. The last component
 * is followed only where the operation follows links (open, stat), and then checked the same way.
 *
 * <p>What this does not close: a directory swapped for a symlink between the check and the
 * operation (a race only someone with a shell on the server can run). Files are opened with
 * NOFOLLOW_LINKS on the checked real path, which keeps the last component out of that race.
 */
public final class ConfinedPaths {
  private final Path root;

  public ConfinedPaths(Path root) throws IOException {
    this.root = root.toRealPath();
  }

  public Path root() {
    return root;
  }

  /** "/a/b" for whatever the client wrote ("a/./b", "/../a/b/", "a//b"). */
  public static String normalize(String virtual) {
    Deque<String> parts = new ArrayDeque<>();
    for (String p : virtual.split("/")) {
      if (p.isEmpty() || p.equals(".")) {
        continue;
      }
      if (p.equals("..")) {
        parts.pollLast();
      } else {
        parts.addLast(p);
      }
    }
    return "/" + String.join("/", parts);
  }

  /** The local path for a client's name; {@code follow}: resolve a final symlink too. */
  public Path resolve(String virtual, boolean follow) throws IOException {
    if (virtual.indexOf('\0') >= 0) {
      throw new NoSuchFileException(virtual);
    }
    String norm = normalize(virtual);
    if (norm.equals("/")) {
      return root;
    }
    int slash = norm.lastIndexOf('/');
    Path parent = root.resolve(norm.substring(1, Math.max(1, slash))).toRealPath();
    if (slash == 0) {
      parent = root;
    }
    inside(parent, virtual);
    Path p = parent.resolve(norm.substring(slash + 1));
    if (follow && Files.exists(p, LinkOption.NOFOLLOW_LINKS)) {
      Path real = p.toRealPath();
      inside(real, virtual);
      return real;
    }
    return p;
  }

  private void inside(Path real, String virtual) throws AccessDeniedException {
    if (!real.startsWith(root)) {
      throw new AccessDeniedException(virtual, null, "outside the SFTP root");
    }
  }

  /** The client's view of a local path under the root. */
  public String virtual(Path local) {
    Path rel = root.relativize(local);
    String s = rel.toString();
    return s.isEmpty() ? "/" : "/" + s;
  }
}
