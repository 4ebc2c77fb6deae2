package dev.torsion.conch.sftp.internal;

import dev.torsion.conch.ssh.internal.SSHProtocolError;
import dev.torsion.conch.ssh.internal.SSHReader;
import dev.torsion.conch.ssh.internal.SSHWriter;

/**
 * SFTP v3 ATTRS (draft-ietf-secsh-filexfer-02 5): each field present when its flag is set.
 *
 * <pre>
 *   uint32 flags
 *   uint64 size            if flags & 0x01
 *   uint32 uid, gid        if flags & 0x02
 *   uint32 permissions     if flags & 0x04
 *   uint32 atime, mtime    if flags & 0x08
 *   uint32 count, then count x (string type, string data)   if flags & 0x80000000
 * </pre>
 */
public record FileAttributes(Long size, Integer uid, Integer gid, Integer permissions,
    Long atime, Long mtime) {
  static final int SIZE = 1;
  static final int UIDGID = 2;
  static final int PERMISSIONS = 4;
  static final int ACMODTIME = 8;
  static final int EXTENDED = 0x80000000;
  /** Extended pairs a client may send; more is a malformed request. */
  static final int MAX_EXTENDED = 64;

  public static final FileAttributes NONE = new FileAttributes(null, null, null, null, null, null);

  public static FileAttributes read(SSHReader r) {
    int flags = r.readInt();
    Long size = (flags & SIZE) != 0 ? r.readUint64() : null;
    Integer uid = null;
    Integer gid = null;
    if ((flags & UIDGID) != 0) {
      uid = r.readInt();
      gid = r.readInt();
    }
    Integer perms = (flags & PERMISSIONS) != 0 ? r.readInt() : null;
    Long atime = null;
    Long mtime = null;
    if ((flags & ACMODTIME) != 0) {
      atime = r.readUint32();
      mtime = r.readUint32();
    }
    if ((flags & EXTENDED) != 0) {
      long n = r.readUint32();
      if (n > MAX_EXTENDED) {
        throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "too many extended attributes");
      }
      for (long i = 0; i < n; i++) {
        r.readString();
        r.readString();
      }
    }
    return new FileAttributes(size, uid, gid, perms, atime, mtime);
  }

  public void write(SSHWriter w) {
    int flags = (size != null ? SIZE : 0) | (uid != null && gid != null ? UIDGID : 0)
        | (permissions != null ? PERMISSIONS : 0) | (mtime != null && atime != null ? ACMODTIME : 0);
    w.writeUint32(flags & 0xffffffffL);
    if (size != null) {
      w.writeUint64(size);
    }
    if (uid != null && gid != null) {
      w.writeUint32(uid & 0xffffffffL).writeUint32(gid & 0xffffffffL);
    }
    if (permissions != null) {
      w.writeUint32(permissions & 0xffffffffL);
    }
    if (mtime != null && atime != null) {
      w.writeUint32(atime).writeUint32(mtime);
    }
  }
}
