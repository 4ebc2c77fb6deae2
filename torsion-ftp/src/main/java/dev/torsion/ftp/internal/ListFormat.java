package dev.torsion.ftp.internal;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.nio.file.attribute.PosixFileAttributes;
import java.nio.file.attribute.PosixFilePermission;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.util.Locale;
import java.util.Set;

/**
 * The lines of LIST, NLST and MLSD/MLST for one file.
 *
 * <pre>
 *   LIST  drwxr-xr-x   1 ftp      ftp          4096 Mar 05 14:03 pub        (the ls -l clients parse)
 *         -rw-r--r--   1 ftp      ftp           512 Mar 05  2019 old.txt    (older than 6 months)
 *   MLSD  type=file;size=512;modify=20190305140300;perm=r; old.txt          (RFC 3659 7.2)
 * </pre>
 *
 * <p>Owner and group are always "ftp": the server does not tell clients the local account names.
 */
public final class ListFormat {
  private static final DateTimeFormatter RECENT =
      DateTimeFormatter.ofPattern("MMM dd HH:mm", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  private static final DateTimeFormatter OLD =
      DateTimeFormatter.ofPattern("MMM dd  yyyy", Locale.ENGLISH).withZone(ZoneOffset.UTC);
  /** RFC 3659 2.3: YYYYMMDDHHMMSS in UTC. */
  public static final DateTimeFormatter TIME_VAL =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss", Locale.ROOT).withZone(ZoneOffset.UTC);

  private ListFormat() {}

  /** Attributes read without following a final symlink (the real path has none left). */
  public static BasicFileAttributes attributes(Path p) throws IOException {
    try {
      return Files.readAttributes(p, PosixFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    } catch (UnsupportedOperationException e) {
      return Files.readAttributes(p, BasicFileAttributes.class, LinkOption.NOFOLLOW_LINKS);
    }
  }

  /** One {@code ls -l} line, without CRLF. */
  public static String lsLine(String name, BasicFileAttributes a, Instant now) {
    StringBuilder b = new StringBuilder(80);
    b.append(a.isDirectory() ? 'd' : a.isSymbolicLink() ? 'l' : '-');
    b.append(permissions(a));
    b.append(String.format(Locale.ROOT, " %3d %-8s %-8s %12d ", 1, "ftp", "ftp", a.size()));
    Instant t = a.lastModifiedTime().toInstant();
    boolean recent = t.isAfter(now.minusSeconds(183L * 86400)) && !t.isAfter(now.plusSeconds(3600));
    b.append((recent ? RECENT : OLD).format(t));
    b.append(' ').append(name);
    return b.toString();
  }

  /** One MLSD/MLST entry (facts, a space, the name), without CRLF. */
  public static String mlsxLine(String name, String type, BasicFileAttributes a, boolean writable) {
    StringBuilder b = new StringBuilder(80);
    b.append("type=").append(type).append(';');
    if (!a.isDirectory()) {
      b.append("size=").append(a.size()).append(';');
    }
    b.append("modify=").append(TIME_VAL.format(a.lastModifiedTime().toInstant())).append(';');
    String perm;
    if (a.isDirectory()) {
      perm = writable ? "elcmpf" : "el";
    } else {
      perm = writable ? "radfw" : "r";
    }
    b.append("perm=").append(perm).append(';');
    b.append(' ').append(name);
    return b.toString();
  }

  private static String permissions(BasicFileAttributes a) {
    if (!(a instanceof PosixFileAttributes p)) {
      return a.isDirectory() ? "rwxr-xr-x" : "rw-r--r--";
    }
    Set<PosixFilePermission> s = p.permissions();
    PosixFilePermission[] order = PosixFilePermission.values();
    char[] letters = {'r', 'w', 'x'};
    char[] out = new char[9];
    for (int i = 0; i < 9; i++) {
      out[i] = s.contains(order[i]) ? letters[i % 3] : '-';
    }
    return new String(out);
  }
}
