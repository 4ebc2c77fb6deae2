package dev.torsion.internet.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * The listen backlog when the user names none: the kernel's own cap (Linux's somaxconn), as
 * Netty does, rather than Twisted's 50. With 50, a burst of connections overflows the accept
 * queue between two selector wake-ups and each overflowing client waits a second for its SYN to
 * be retransmitted (docs/design/idle-memory.md measured 2,000 connects taking 30 s).
 */
public final class Backlog {
  /** somaxconn, at least 128 and at most 65535; 511 (nginx's default) where it cannot be read. */
  public static final int DEFAULT = read();

  private Backlog() {}

  private static int read() {
    try {
      int n = Integer.parseInt(Files.readString(Path.of("/proc/sys/net/core/somaxconn")).trim());
      return Math.max(128, Math.min(n, 65535));
    } catch (IOException | NumberFormatException | SecurityException e) {
      return 511;
    }
  }
}
