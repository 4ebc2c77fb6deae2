package dev.torsion.ftp.client;

import java.util.List;

/**
 * One reply from an FTP server: its three-digit code and its lines (RFC 959 4.2), the last of
 * which starts with the code and a space.
 *
 * <pre>{@code
 * FTPReply r = ...;            // 257 "/pub" is the current directory
 * r.code();                    // 257
 * r.text();                    // "\"/pub\" is the current directory"
 * }</pre>
 */
public record FTPReply(int code, List<String> lines) {
  public FTPReply {
    lines = List.copyOf(lines);
  }

  /** The text of the last line, after the code and its separator. */
  public String text() {
    String last = lines.get(lines.size() - 1);
    return last.length() > 4 ? last.substring(4) : "";
  }

  /** 1xx: more replies follow (RFC 959 4.2.1). */
  public boolean isPreliminary() {
    return code < 200;
  }

  /** 4xx or 5xx. */
  public boolean isError() {
    return code >= 400;
  }

  @Override
  public String toString() {
    return String.join("\n", lines);
  }
}
