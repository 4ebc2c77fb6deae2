package dev.torsion.conch.ssh.internal;

/** SSH message numbers (RFC 4250 4.1). */
public final class Messages {
  private Messages() {}

  public static final int DISCONNECT = 1;
  public static final int IGNORE = 2;
  public static final int UNIMPLEMENTED = 3;
  public static final int DEBUG = 4;
  public static final int SERVICE_REQUEST = 5;
  public static final int SERVICE_ACCEPT = 6;
  public static final int EXT_INFO = 7;
  public static final int KEXINIT = 20;
  public static final int NEWKEYS = 21;
  public static final int KEX_ECDH_INIT = 30;
  public static final int KEX_ECDH_REPLY = 31;
  public static final int USERAUTH_REQUEST = 50;
  public static final int USERAUTH_FAILURE = 51;
  public static final int USERAUTH_SUCCESS = 52;
  public static final int USERAUTH_BANNER = 53;
  public static final int USERAUTH_PK_OK = 60;
  public static final int USERAUTH_INFO_REQUEST = 60;
  public static final int USERAUTH_INFO_RESPONSE = 61;
  public static final int GLOBAL_REQUEST = 80;
  public static final int REQUEST_SUCCESS = 81;
  public static final int REQUEST_FAILURE = 82;
  public static final int CHANNEL_OPEN = 90;
  public static final int CHANNEL_OPEN_CONFIRMATION = 91;
  public static final int CHANNEL_OPEN_FAILURE = 92;
  public static final int CHANNEL_WINDOW_ADJUST = 93;
  public static final int CHANNEL_DATA = 94;
  public static final int CHANNEL_EXTENDED_DATA = 95;
  public static final int CHANNEL_EOF = 96;
  public static final int CHANNEL_CLOSE = 97;
  public static final int CHANNEL_REQUEST = 98;
  public static final int CHANNEL_SUCCESS = 99;
  public static final int CHANNEL_FAILURE = 100;
}
