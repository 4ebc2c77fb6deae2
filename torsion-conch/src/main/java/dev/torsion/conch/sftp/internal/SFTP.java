package dev.torsion.conch.sftp.internal;

/** SFTP version 3 numbers (draft-ietf-secsh-filexfer-02, sections 3, 5, 6, 7). */
public final class SFTP {
  private SFTP() {}

  public static final int VERSION = 3;
  /** Largest packet either side sends or accepts: OpenSSH's sftp-server limit. */
  public static final int MAX_PACKET = 256 * 1024;
  /** Largest READ answered in one DATA; clients ask for 32 KB (OpenSSH) or 32 KB (paramiko). */
  public static final int MAX_READ = 64 * 1024;

  public static final int INIT = 1;
  public static final int VERSION_REPLY = 2;
  public static final int OPEN = 3;
  public static final int CLOSE = 4;
  public static final int READ = 5;
  public static final int WRITE = 6;
  public static final int LSTAT = 7;
  public static final int FSTAT = 8;
  public static final int SETSTAT = 9;
  public static final int FSETSTAT = 10;
  public static final int OPENDIR = 11;
  public static final int READDIR = 12;
  public static final int REMOVE = 13;
  public static final int MKDIR = 14;
  public static final int RMDIR = 15;
  public static final int REALPATH = 16;
  public static final int STAT = 17;
  public static final int RENAME = 18;
  public static final int READLINK = 19;
  public static final int SYMLINK = 20;
  public static final int STATUS = 101;
  public static final int HANDLE = 102;
  public static final int DATA = 103;
  public static final int NAME = 104;
  public static final int ATTRS = 105;
  public static final int EXTENDED = 200;
  public static final int EXTENDED_REPLY = 201;

  public static final int OK = 0;
  public static final int EOF = 1;
  public static final int NO_SUCH_FILE = 2;
  public static final int PERMISSION_DENIED = 3;
  public static final int FAILURE = 4;
  public static final int BAD_MESSAGE = 5;
  public static final int OP_UNSUPPORTED = 8;

  public static final int FXF_READ = 1;
  public static final int FXF_WRITE = 2;
  public static final int FXF_APPEND = 4;
  public static final int FXF_CREAT = 8;
  public static final int FXF_TRUNC = 0x10;
  public static final int FXF_EXCL = 0x20;
}
