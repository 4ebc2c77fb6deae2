package dev.torsion.ftp;

import dev.torsion.cred.Anonymous;
import dev.torsion.cred.Realm;
import java.nio.file.Path;

/**
 * The usual FTP realm: everyone shares one directory, anonymous users read-only and everyone
 * else read-write. Twisted's {@code FTPRealm} with no per-user home directories.
 *
 * <pre>{@code
 * Portal portal = new Portal(FTPRealm.of(Path.of("/srv/ftp")),
 *     new InMemoryUsers().addUser("alice", "secret"), new AllowAnonymousAccess());
 * }</pre>
 */
public final class FTPRealm {
  private FTPRealm() {}

  /** The realm rooted at {@code root}. */
  public static Realm of(Path root) {
    return Realm.of(FTPShell.class, id -> Anonymous.AVATAR_ID.equals(id)
        ? FTPShell.readOnly(root)
        : FTPShell.readWrite(root));
  }
}
