package dev.torsion.runner.internal;

import dev.torsion.plugin.StartupError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;

/**
 * A file holding our process id, so init scripts can find us and a second copy refuses to start:
 * twistd's {@code --pidfile}. A file left by a process that is gone is replaced.
 */
public final class PidFile {
  private final Path path;
  private final long pid;

  private PidFile(Path path, long pid) {
    this.path = path;
    this.pid = pid;
  }

  /** Refuses when a live process holds {@code path}; otherwise writes our pid there. */
  public static PidFile acquire(Path path) {
    check(path);
    long me = ProcessHandle.current().pid();
    Path tmp = path.resolveSibling(path.getFileName() + ".tmp" + me);
    try {
      Files.writeString(tmp, me + "\n", StandardCharsets.US_ASCII);
      // A rename is atomic: a reader never sees a half-written pid.
      Files.move(tmp, path, StandardCopyOption.REPLACE_EXISTING, StandardCopyOption.ATOMIC_MOVE);
    } catch (NoSuchFileException e) {
      throw new StartupError("cannot write the pid file " + path + ": no such directory");
    } catch (AccessDeniedException e) {
      throw new StartupError("cannot write the pid file " + path + ": permission denied");
    } catch (IOException e) {
      throw new StartupError("cannot write the pid file " + path + ": " + e.getMessage());
    }
    return new PidFile(path, me);
  }

  /** Throws if a live process holds {@code path}; a missing or stale file is fine. */
  public static void check(Path path) {
    String text;
    try {
      text = Files.readString(path, StandardCharsets.US_ASCII).trim();
    } catch (NoSuchFileException e) {
      return;
    } catch (IOException e) {
      throw new StartupError("cannot read the pid file " + path + ": " + e.getMessage());
    }
    if (text.isEmpty()) {
      return; // a writer died mid-write: stale
    }
    long other;
    try {
      other = Long.parseLong(text);
    } catch (NumberFormatException e) {
      throw new StartupError("the pid file " + path + " holds '" + abbreviate(text) + "', not a process id");
    }
    if (other != ProcessHandle.current().pid()
        && ProcessHandle.of(other).map(ProcessHandle::isAlive).orElse(false)) {
      throw new StartupError(
          "another server is running, PID " + other + " (from the pid file " + path + ")");
    }
  }

  /** Deletes the file if it still holds our pid (a newer process may have replaced it). */
  public void release() {
    try {
      String text = Files.readString(path, StandardCharsets.US_ASCII).trim();
      if (text.equals(Long.toString(pid))) {
        Files.deleteIfExists(path);
      }
    } catch (IOException e) {
      // Already gone, or no longer ours to remove.
    }
  }

  private static String abbreviate(String s) {
    return s.length() > 20 ? s.substring(0, 20) + "..." : s;
  }
}
