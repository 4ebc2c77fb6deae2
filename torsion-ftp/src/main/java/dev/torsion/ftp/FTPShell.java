package dev.torsion.ftp;

import java.nio.file.Path;
import java.util.Objects;

/**
 * What a logged-in FTP user may do: the directory they are rooted in and whether they may
 * change it. The avatar an {@link FTPRealm} gives the FTP server, as Twisted's {@code
 * FTPAnonymousShell} (read-only) and {@code FTPShell} (read-write) are.
 *
 * <pre>{@code
 * Realm realm = Realm.of(FTPShell.class, id -> id.equals(Anonymous.AVATAR_ID)
 *     ? FTPShell.readOnly(Path.of("/srv/ftp"))
 *     : FTPShell.readWrite(Path.of("/srv/ftp/home").resolve(id)));
 * }</pre>
 */
public final class FTPShell {
  private final Path root;
  private final boolean writable;

  private FTPShell(Path root, boolean writable) {
    this.root = Objects.requireNonNull(root, "root").toAbsolutePath().normalize();
    this.writable = writable;
  }

  /** May list and download under {@code root}, nothing else (anonymous FTP). */
  public static FTPShell readOnly(Path root) {
    return new FTPShell(root, false);
  }

  /** May also upload, append, delete, rename and make and remove directories under {@code root}. */
  public static FTPShell readWrite(Path root) {
    return new FTPShell(root, true);
  }

  /** The directory this user sees as "/". */
  public Path root() {
    return root;
  }

  /** Whether STOR, APPE, DELE, RNFR/RNTO, MKD and RMD are allowed. */
  public boolean writable() {
    return writable;
  }
}
