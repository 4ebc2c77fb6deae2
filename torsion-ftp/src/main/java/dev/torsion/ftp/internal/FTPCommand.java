package dev.torsion.ftp.internal;

import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Locale;

/**
 * One command line from an FTP client, split into its verb and argument.
 *
 * <pre>
 *   line     = [telnet] verb [SP argument] [CR]      (the LF is the receiver's delimiter)
 *   telnet   = *(%xF0-FF)       IAC IP IAC before ABOR (RFC 959 4.1.3), the DM byte went OOB
 *   verb     = 3*4 ALPHA        case-insensitive (RFC 959 5.3.1)
 *   argument = UTF-8 (RFC 2640), no NUL, no CR
 * </pre>
 *
 * <p>Parsing never allocates more than the line it is given; the line length itself is bounded
 * by the receiver before it gets here.
 */
public record FTPCommand(String verb, String argument) {
  /** The parse of {@code line} (without its LF); throws {@link MalformedCommand} when it is not one. */
  public static FTPCommand parse(byte[] line) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    int start = 0;
    while (start < end && (line[start] & 0xFF) >= 0xF0) {
      start++;
    }
    int verbEnd = start;
    while (verbEnd < end && line[verbEnd] != ' ') {
      byte b = line[verbEnd];
      if (!((b >= 'A' && b <= 'Z') || (b >= 'a' && b <= 'z'))) {
        throw new MalformedCommand("the command is not 3 or 4 letters");
      }
      verbEnd++;
      if (verbEnd - start > 4) {
        throw new MalformedCommand("the command is not 3 or 4 letters");
      }
    }
    if (verbEnd - start < 3) {
      throw new MalformedCommand("the command is not 3 or 4 letters");
    }
    String verb = new String(line, start, verbEnd - start, StandardCharsets.US_ASCII)
        .toUpperCase(Locale.ROOT);
    if (verbEnd == end) {
      return new FTPCommand(verb, "");
    }
    int argStart = verbEnd + 1;
    for (int i = argStart; i < end; i++) {
      if (line[i] == 0 || line[i] == '\r') {
        throw new MalformedCommand("NUL or CR in the argument");
      }
    }
    try {
      String argument = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(line, argStart, end - argStart))
          .toString();
      return new FTPCommand(verb, argument);
    } catch (CharacterCodingException e) {
      throw new MalformedCommand("the argument is not UTF-8");
    }
  }
}
