package dev.torsion.ftp.client;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.ftp.internal.ReplyParser;
import dev.torsion.protocols.LineReceiver;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;

/** The client's reply and LIST parsers: only declared errors, bounded, the same in any split. */
class FTPClientParsersFuzzTest {
  /** Replies (or the error) the parser makes of a byte stream. */
  static final class Replies extends LineReceiver {
    final ReplyParser parser = new ReplyParser();
    final List<Object> out = new ArrayList<>();
    boolean failed;

    Replies() {
      delimiter = new byte[] {'\n'};
      MAX_LENGTH = 1024;
    }

    @Override
    public void lineReceived(byte[] line) {
      if (failed) {
        return;
      }
      try {
        FTPReply r = parser.line(line);
        if (r != null) {
          assertThat(r.lines()).hasSizeBetween(1, ReplyParser.MAX_LINES + 1);
          assertThat(r.code()).isBetween(100, 599);
          out.add(r);
        }
      } catch (ReplyParser.MalformedReply e) {
        failed = true;
        out.add("malformed");
      }
    }

    @Override
    public void lineLengthExceeded(byte[] line) {
      failed = true;
      out.add("too long");
    }
  }

  private static List<Object> replies(byte[]... chunks) {
    Replies r = new Replies();
    r.makeConnection(new StringTransport());
    for (byte[] c : chunks) {
      if (!r.failed) {
        r.dataReceived(c);
      }
    }
    return r.out;
  }

  private static List<Object> listing(byte[]... chunks) {
    FTPFileListProtocol p = new FTPFileListProtocol();
    p.makeConnection(new StringTransport());
    for (byte[] c : chunks) {
      p.dataReceived(c);
    }
    List<Object> all = new ArrayList<>(p.files());
    all.addAll(p.unknownLines());
    for (FTPFile f : p.files()) {
      assertThat(f.size()).isNotNegative();
      assertThat(f.name()).isNotEmpty();
    }
    return all;
  }

  private static byte[][] split(byte[] input) {
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    int at = data.length == 0 ? 0 : (input[0] & 0xFF) % (data.length + 1);
    return new byte[][] {data, Arrays.copyOfRange(data, 0, at), Arrays.copyOfRange(data, at, data.length)};
  }

  @FuzzTest(maxDuration = "10s")
  void repliesAreTheSameInAnySplit(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[][] s = split(input);
    assertThat(replies(s[1], s[2])).isEqualTo(replies(s[0]));
  }

  @FuzzTest(maxDuration = "10s")
  void listingsAreTheSameInAnySplit(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[][] s = split(input);
    assertThat(listing(s[1], s[2])).isEqualTo(listing(s[0]));
  }
}
