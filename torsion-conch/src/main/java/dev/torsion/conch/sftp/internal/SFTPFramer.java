package dev.torsion.conch.sftp.internal;

import dev.torsion.conch.ssh.internal.SSHProtocolError;
import java.util.Arrays;

/**
 * Cuts a channel's byte stream into SFTP packets: {@code uint32 length, byte[length] body}.
 * Incremental (any split), bounded (a length over {@link SFTP#MAX_PACKET} is refused before
 * anything is buffered for it).
 */
public final class SFTPFramer {
  private final int maxPacket;
  private byte[] buf = new byte[0];
  private int len;

  public SFTPFramer(int maxPacket) {
    this.maxPacket = maxPacket;
  }

  public SFTPFramer() {
    this(SFTP.MAX_PACKET);
  }

  public void feed(byte[] data) {
    if (len + data.length > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(len + data.length, Math.min(buf.length * 2,
          maxPacket + 4 + data.length)));
    }
    System.arraycopy(data, 0, buf, len, data.length);
    len += data.length;
  }

  /** Bytes held that do not yet make a packet. */
  public int buffered() {
    return len;
  }

  /** The next whole packet's body, or null. */
  public byte[] next() {
    if (len < 4) {
      return null;
    }
    long n = ((buf[0] & 0xffL) << 24) | ((buf[1] & 0xff) << 16) | ((buf[2] & 0xff) << 8)
        | (buf[3] & 0xff);
    if (n < 1 || n > maxPacket) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "bad SFTP packet length " + n);
    }
    if (len < 4 + n) {
      return null;
    }
    byte[] body = Arrays.copyOfRange(buf, 4, 4 + (int) n);
    System.arraycopy(buf, 4 + (int) n, buf, 0, len - 4 - (int) n);
    len -= 4 + (int) n;
    if (len == 0 && buf.length > 64 * 1024) {
      buf = new byte[0];
    }
    return body;
  }
}
