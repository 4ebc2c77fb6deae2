package dev.torsion.internet.internal;

import dev.torsion.internet.CannotListenError;
import java.io.IOException;
import java.net.ConnectException;
import java.net.StandardProtocolFamily;
import java.net.UnixDomainSocketAddress;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.FileAlreadyExistsException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.util.EnumSet;
import java.util.Set;
import java.util.concurrent.ConcurrentHashMap;

/**
 * File-system chores around Unix domain sockets: telling a live socket from a stale one, PID lock
 * files (Twisted's {@code wantPID}/{@code checkPID}), and file modes.
 */
final class UnixSockets {
  private UnixSockets() {}

  /**
   * Makes {@code path} free to bind: a socket nobody listens on (connecting is refused) is
   * removed; a live one, or a file that is not a socket, is an error.
   */
  static void clearStale(Path path) {
    BasicFileAttributes attrs;
    try {
      attrs = Files.readAttributes(path, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (IOException e) {
      return; // nothing there
    }
    if (!attrs.isOther()) {
      throw new CannotListenError(path + ": file exists and is not a socket");
    }
    if (isLive(path)) {
      throw new CannotListenError(path + ": address already in use");
    }
    try {
      Files.deleteIfExists(path);
    } catch (IOException e) {
      throw SocketErrors.cannotListen(path.toString(), e);
    }
  }

  /** True if something accepts connections at {@code path}. Never blocks: the connect is non-blocking. */
  static boolean isLive(Path path) {
    try (SocketChannel probe = SocketChannel.open(StandardProtocolFamily.UNIX)) {
      probe.configureBlocking(false);
      probe.connect(UnixDomainSocketAddress.of(path));
      return true; // connected, or pending because the backlog is full: someone is there
    } catch (ConnectException e) {
      return false;
    } catch (IOException e) {
      return false;
    }
  }

  static Path lockFile(Path path) {
    return Path.of(path + ".lock");
  }

  /** Lock files this JVM holds, so that a second port here on the same path is refused too. */
  private static final Set<Path> HELD = ConcurrentHashMap.newKeySet();

  /**
   * Takes the lock file for {@code path}, or fails if a live process holds it. As Twisted's
   * FilesystemLock, the lock is a symbolic link whose target is the holder's PID: creating it is
   * atomic and carries the PID, so two processes cannot both win, and a reader never sees a lock
   * without its PID. A lock naming a dead process is stale and replaced; one naming our own PID
   * is live only if this JVM took it (a container's PID 1 meets its predecessor's lock otherwise).
   */
  static Path takeLock(Path path) {
    Path lock = lockFile(path);
    Path key = lock.toAbsolutePath().normalize();
    long me = ProcessHandle.current().pid();
    for (int attempt = 0; attempt < 2; attempt++) {
      try {
        createLock(lock, me);
        HELD.add(key);
        return lock;
      } catch (FileAlreadyExistsException e) {
        long holder = lockHolder(lock);
        boolean live = holder == me ? HELD.contains(key) : isAlive(holder);
        if (live) {
          throw new CannotListenError(path + ": in use by process " + holder + " (see " + lock + ")");
        }
        try {
          Files.deleteIfExists(lock);
        } catch (IOException d) {
          throw SocketErrors.cannotListen(lock.toString(), d);
        }
      } catch (IOException e) {
        throw SocketErrors.cannotListen(lock.toString(), e);
      }
    }
    throw new CannotListenError(path + ": another process took " + lock + " as we replaced a stale one");
  }

  private static void createLock(Path lock, long pid) throws IOException {
    try {
      Files.createSymbolicLink(lock, Path.of(Long.toString(pid)));
    } catch (UnsupportedOperationException e) {
      // No symbolic links here: a new file is still created atomically, its PID written after.
      Files.writeString(lock, Long.toString(pid), StandardCharsets.US_ASCII,
          StandardOpenOption.CREATE_NEW, StandardOpenOption.WRITE);
    }
  }

  /** True if the lock file of {@code path} names a live process. */
  static boolean lockIsLive(Path path) {
    return isAlive(lockHolder(lockFile(path)));
  }

  private static boolean isAlive(long pid) {
    return pid > 0 && ProcessHandle.of(pid).map(ProcessHandle::isAlive).orElse(false);
  }

  /** The PID a lock names: the target of a link (ours, Twisted's) or a file's text; -1 if none. */
  private static long lockHolder(Path lock) {
    try {
      String pid = Files.isSymbolicLink(lock)
          ? Files.readSymbolicLink(lock).toString()
          : Files.readString(lock, StandardCharsets.US_ASCII);
      return Long.parseLong(pid.trim());
    } catch (IOException | NumberFormatException e) {
      return -1;
    }
  }

  /** Applies a numeric mode such as 0660 to {@code path}. */
  static void chmod(Path path, int mode) {
    Set<PosixFilePermission> perms = EnumSet.noneOf(PosixFilePermission.class);
    PosixFilePermission[] order = {
      PosixFilePermission.OTHERS_EXECUTE, PosixFilePermission.OTHERS_WRITE,
      PosixFilePermission.OTHERS_READ, PosixFilePermission.GROUP_EXECUTE,
      PosixFilePermission.GROUP_WRITE, PosixFilePermission.GROUP_READ,
      PosixFilePermission.OWNER_EXECUTE, PosixFilePermission.OWNER_WRITE,
      PosixFilePermission.OWNER_READ
    };
    for (int bit = 0; bit < order.length; bit++) {
      if ((mode & (1 << bit)) != 0) {
        perms.add(order[bit]);
      }
    }
    try {
      Files.setPosixFilePermissions(path, perms);
    } catch (UnsupportedOperationException e) {
      // not a POSIX file system: nothing to apply
    } catch (IOException e) {
      throw SocketErrors.cannotListen(path.toString(), e);
    }
  }

  static void deleteQuietly(Path p) {
    HELD.remove(p.toAbsolutePath().normalize());
    try {
      Files.deleteIfExists(p);
    } catch (IOException ignored) {
      // best effort: a leftover file is replaced as stale next time
    }
  }
}
