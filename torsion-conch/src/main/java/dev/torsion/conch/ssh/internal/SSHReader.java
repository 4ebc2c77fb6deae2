package dev.torsion.conch.ssh.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * Reads SSH wire data (RFC 4251 5) from one message, every read bounds-checked: a short or
 * malformed message throws {@link SSHProtocolError}, never an index exception.
 */
public final class SSHReader {
  private final byte[] b;
  private int pos;
  private final int end;

  public SSHReader(byte[] b) {
    this(b, 0, b.length);
  }

  public SSHReader(byte[] b, int off, int len) {
    this.b = b;
    this.pos = off;
    this.end = off + len;
  }

  public int remaining() {
    return end - pos;
  }

  public int readByte() {
    need(1);
    return b[pos++] & 0xff;
  }

  public boolean readBoolean() {
    return readByte() != 0;
  }

  public long readUint32() {
    need(4);
    long v = ((long) (b[pos] & 0xff) << 24) | ((b[pos + 1] & 0xff) << 16)
        | ((b[pos + 2] & 0xff) << 8) | (b[pos + 3] & 0xff);
    pos += 4;
    return v;
  }

  public long readUint64() {
    long hi = readUint32();
    return (hi << 32) | readUint32();
  }

  /** A uint32 that must fit a Java int (lengths, channel ids, window sizes up to 2^31-1 kept). */
  public int readInt() {
    long v = readUint32();
    return (int) v;
  }

  public byte[] readString() {
    long n = readUint32();
    if (n > remaining()) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "string longer than its message");
    }
    byte[] v = Arrays.copyOfRange(b, pos, pos + (int) n);
    pos += (int) n;
    return v;
  }

  public String readUtf8() {
    return new String(readString(), StandardCharsets.UTF_8);
  }

  public BigInteger readMpint() {
    byte[] v = readString();
    return v.length == 0 ? BigInteger.ZERO : new BigInteger(v);
  }

  public List<String> readNameList() {
    String s = new String(readString(), StandardCharsets.US_ASCII);
    return s.isEmpty() ? List.of() : List.of(s.split(",", -1));
  }

  public byte[] readRest() {
    byte[] v = Arrays.copyOfRange(b, pos, end);
    pos = end;
    return v;
  }

  private void need(int n) {
    if (remaining() < n) {
      throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "message too short");
    }
  }
}
