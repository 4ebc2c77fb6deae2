package dev.torsion.mail.smtp;

import dev.torsion.mail.Maildir;
import java.io.BufferedOutputStream;
import java.io.IOException;
import java.io.OutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * One incoming message on its way to disk: lines are written as they arrive (CRLF-ended, after
 * dot-unstuffing), counted against the size limit, and checked for bare CR and LF. Past the limit
 * nothing more is written, but the rest is still read up to the final dot, so that the reply
 * (552) lands where the client expects it.
 */
final class SpoolWriter {
  private static final byte[] CRLF = {'\r', '\n'};

  private final String id = Maildir.uniqueName();
  private final Path path;
  private final long limit;
  private OutputStream out;
  private long size;
  private boolean tooBig;
  private boolean bareNewline;
  private boolean lineTooLong;
  private boolean failed;

  SpoolWriter(Path dir, long limit) throws IOException {
    Files.createDirectories(dir);
    this.path = dir.resolve(id);
    this.limit = limit;
    this.out = new BufferedOutputStream(Files.newOutputStream(path), 16 * 1024);
  }

  String id() {
    return id;
  }

  Path path() {
    return path;
  }

  void writeHeader(String header) throws IOException {
    out.write(header.getBytes(StandardCharsets.ISO_8859_1));
  }

  void line(byte[] line, int from, boolean cut) {
    if (cut) {
      lineTooLong = true;
    }
    for (int i = from; i < line.length; i++) {
      if (line[i] == '\r' || line[i] == '\n') {
        bareNewline = true; // RFC 5321 2.3.8
        break;
      }
    }
    size += line.length - from + 2;
    if (size > limit) {
      tooBig = true;
    }
    if (tooBig || bareNewline || lineTooLong || failed) {
      return;
    }
    try {
      out.write(line, from, line.length - from);
      out.write(CRLF);
    } catch (IOException e) {
      failed = true;
    }
  }

  /** Closes the file; returns the refusal to send, or null when the message is good. */
  String finish() {
    try {
      if (out != null) {
        out.close();
      }
    } catch (IOException e) {
      failed = true;
    }
    out = null;
    if (tooBig) {
      return "552 5.3.4 Message size exceeds fixed maximum message size";
    }
    if (bareNewline) {
      return "550 5.6.0 Message refused: bare CR or LF in the message (RFC 5321 2.3.8)";
    }
    if (lineTooLong) {
      return "500 5.5.2 Message refused: line longer than 1000 octets (RFC 5321 4.5.3.1.6)";
    }
    if (failed) {
      return "451 4.3.0 Cannot spool the message";
    }
    return null;
  }

  void delete() {
    try {
      Files.deleteIfExists(path);
    } catch (IOException ignored) {
      // a spool file left behind is harmless; nothing refers to it
    }
  }
}
