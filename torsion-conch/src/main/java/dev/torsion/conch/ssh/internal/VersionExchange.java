package dev.torsion.conch.ssh.internal;

import java.nio.charset.StandardCharsets;

/**
 * The peer's identification line (RFC 4253 4.2): "SSH-2.0-softwareversion SP comments CR LF",
 * possibly after other lines (a server may send a banner first). Bounded: a line is at most
 * 255 bytes CR LF included, and at most {@link #MAX_PRE_VERSION_LINES} lines come first.
 */
public final class VersionExchange {
  public static final int MAX_LINE = 255;
  public static final int MAX_PRE_VERSION_LINES = 32;

  private byte[] line = new byte[MAX_LINE];
  private int len;
  private int lines;
  private String version;

  /** The version line without CR LF, once read; null before. */
  public String version() {
    return version;
  }

  /** Reads from {@code data[off..]}; returns where the bytes after the version line start. */
  public int feed(byte[] data, int off) {
    int i = off;
    while (i < data.length && version == null) {
      byte b = data[i++];
      if (b == '\n') {
        int n = len > 0 && line[len - 1] == '\r' ? len - 1 : len;
        String text = new String(line, 0, n, StandardCharsets.UTF_8);
        len = 0;
        if (text.startsWith("SSH-")) {
          if (!text.startsWith("SSH-2.0-") && !text.startsWith("SSH-1.99-")) {
            throw new SSHProtocolError(SSHProtocolError.PROTOCOL_VERSION_NOT_SUPPORTED,
                "unsupported protocol version: " + text);
          }
          version = text;
          line = null;
        } else if (++lines > MAX_PRE_VERSION_LINES) {
          throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "no version line");
        }
        continue;
      }
      if (len + 1 >= MAX_LINE) {
        throw new SSHProtocolError(SSHProtocolError.PROTOCOL_ERROR, "version line too long");
      }
      line[len++] = b;
    }
    return i;
  }

  @Override
  public String toString() {
    return version != null ? version : "(no version yet, " + len + " bytes of a line)";
  }
}
