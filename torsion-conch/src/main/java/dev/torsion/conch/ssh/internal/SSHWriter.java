package dev.torsion.conch.ssh.internal;

import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/** Builds SSH wire data (RFC 4251 5): byte, boolean, uint32, string, mpint, name-list. */
public final class SSHWriter {
  private byte[] buf;
  private int len;

  public SSHWriter() {
    this(64);
  }

  public SSHWriter(int capacity) {
    buf = new byte[Math.max(16, capacity)];
  }

  private void ensure(int more) {
    if (len + more > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + more));
    }
  }

  public SSHWriter writeByte(int b) {
    ensure(1);
    buf[len++] = (byte) b;
    return this;
  }

  public SSHWriter writeBoolean(boolean b) {
    return writeByte(b ? 1 : 0);
  }

  public SSHWriter writeUint32(long v) {
    ensure(4);
    buf[len++] = (byte) (v >>> 24);
    buf[len++] = (byte) (v >>> 16);
    buf[len++] = (byte) (v >>> 8);
    buf[len++] = (byte) v;
    return this;
  }

  public SSHWriter writeUint64(long v) {
    writeUint32(v >>> 32);
    return writeUint32(v & 0xffffffffL);
  }

  public SSHWriter writeRaw(byte[] b) {
    return writeRaw(b, 0, b.length);
  }

  public SSHWriter writeRaw(byte[] b, int off, int n) {
    ensure(n);
    System.arraycopy(b, off, buf, len, n);
    len += n;
    return this;
  }

  public SSHWriter writeString(byte[] b) {
    writeUint32(b.length);
    return writeRaw(b);
  }

  public SSHWriter writeString(byte[] b, int off, int n) {
    writeUint32(n);
    return writeRaw(b, off, n);
  }

  public SSHWriter writeString(String s) {
    return writeString(s.getBytes(StandardCharsets.UTF_8));
  }

  public SSHWriter writeMpint(BigInteger v) {
    return writeString(v.signum() == 0 ? new byte[0] : v.toByteArray());
  }

  /** An mpint of a non-negative number given as unsigned big-endian bytes. */
  public SSHWriter writeMpint(byte[] unsigned) {
    return writeMpint(new BigInteger(1, unsigned));
  }

  public SSHWriter writeNameList(List<String> names) {
    return writeString(String.join(",", names));
  }

  public int length() {
    return len;
  }

  public byte[] toByteArray() {
    return Arrays.copyOf(buf, len);
  }

  /** A message: its type byte first. */
  public static SSHWriter message(int type) {
    return new SSHWriter().writeByte(type);
  }
}
