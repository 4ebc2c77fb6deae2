package dev.torsion.conch.sftp.internal;

import dev.torsion.conch.ssh.internal.SSHProtocolError;
import dev.torsion.conch.ssh.internal.SSHReader;

/**
 * One client request, decoded from a packet's body (type byte first). Every request but INIT
 * starts with uint32 id; the fields that follow depend on the type:
 *
 * <pre>
 *   OPEN      string filename, uint32 pflags, ATTRS
 *   CLOSE, FSTAT, READDIR            string handle
 *   READ      string handle, uint64 offset, uint32 len
 *   WRITE     string handle, uint64 offset, string data
 *   FSETSTAT  string handle, ATTRS
 *   LSTAT, STAT, OPENDIR, REMOVE, RMDIR, REALPATH, READLINK      string path
 *   SETSTAT, MKDIR                   string path, ATTRS
 *   RENAME, SYMLINK                  string path, string path2
 *   EXTENDED  string request, ...    (answered OP_UNSUPPORTED)
 * </pre>
 *
 * A malformed body throws {@link SSHProtocolError}; an unknown type decodes with only its id.
 */
public record SFTPRequest(int type, long id, String path, String path2, byte[] handle,
    long offset, int length, byte[] data, int pflags, FileAttributes attrs) {

  public static SFTPRequest parse(byte[] body) {
    SSHReader r = new SSHReader(body);
    int type = r.readByte();
    if (type == SFTP.INIT) {
      return new SFTPRequest(type, r.readUint32(), null, null, null, 0, 0, null, 0, null);
    }
    long id = r.readUint32();
    String path = null;
    String path2 = null;
    byte[] handle = null;
    long offset = 0;
    int length = 0;
    byte[] data = null;
    int pflags = 0;
    FileAttributes attrs = null;
    switch (type) {
      case SFTP.OPEN -> {
        path = r.readUtf8();
        pflags = r.readInt();
        attrs = FileAttributes.read(r);
      }
      case SFTP.CLOSE, SFTP.FSTAT, SFTP.READDIR -> handle = r.readString();
      case SFTP.READ -> {
        handle = r.readString();
        offset = r.readUint64();
        length = r.readInt();
      }
      case SFTP.WRITE -> {
        handle = r.readString();
        offset = r.readUint64();
        data = r.readString();
      }
      case SFTP.FSETSTAT -> {
        handle = r.readString();
        attrs = FileAttributes.read(r);
      }
      case SFTP.LSTAT, SFTP.STAT, SFTP.OPENDIR, SFTP.REMOVE, SFTP.RMDIR, SFTP.REALPATH,
          SFTP.READLINK -> path = r.readUtf8();
      case SFTP.SETSTAT, SFTP.MKDIR -> {
        path = r.readUtf8();
        attrs = FileAttributes.read(r);
      }
      case SFTP.RENAME, SFTP.SYMLINK -> {
        path = r.readUtf8();
        path2 = r.readUtf8();
      }
      default -> { }
    }
    if (offset < 0) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "offset beyond 2^63");
    }
    return new SFTPRequest(type, id, path, path2, handle, offset, length, data, pflags, attrs);
  }
}
