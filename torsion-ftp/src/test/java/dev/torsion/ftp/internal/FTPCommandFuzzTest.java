package dev.torsion.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.ftp.FTPFactory;
import dev.torsion.ftp.FTPRealm;
import dev.torsion.ftp.FTPServerOptions;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.trial.StringTransport;
import java.nio.file.Path;
import java.util.Arrays;

/** The server's command parsing: only its declared error, bounded, and the same in any split. */
class FTPCommandFuzzTest {
  @FuzzTest(maxDuration = "10s")
  void parseRaisesOnlyMalformedCommand(byte[] line) {
    FTPCommand c;
    try {
      c = FTPCommand.parse(line);
    } catch (MalformedCommand expected) {
      return;
    }
    assertThat(c.verb()).matches("[A-Z]{3,4}");
    assertThat(c.argument().length()).isLessThanOrEqualTo(line.length);
    assertThat(c.argument()).doesNotContain("\0", "\r");
  }

  @FuzzTest(maxDuration = "10s")
  void addressesRaiseOnlyTheirDeclaredErrors(byte[] input) {
    String s = new String(input, java.nio.charset.StandardCharsets.UTF_8);
    for (int kind = 0; kind < 4; kind++) {
      try {
        int port = switch (kind) {
          case 0 -> HostPort.parsePort(s).port();
          case 1 -> HostPort.parseEprt(s).port();
          case 2 -> HostPort.parse227(s).port();
          default -> HostPort.parse229(s);
        };
        assertThat(port).isBetween(0, 65535);
      } catch (MalformedCommand | HostPort.UnsupportedProtocol expected) {
        // declared
      }
    }
  }

  /** What the server answers to {@code chunks} before any login succeeds. */
  private static byte[] serve(byte[]... chunks) {
    MemoryReactor reactor = new MemoryReactor(new Clock());
    Portal portal = new Portal(FTPRealm.of(Path.of("/nonexistent-ftp-root")), new InMemoryUsers());
    FTPFactory factory = new FTPFactory(FTPServerOptions.builder(portal).maxLineLength(512).build(), reactor);
    Protocol ftp = factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 4000));
    StringTransport t = new StringTransport(new IPv4Address("TCP", "127.0.0.1", 21),
        new IPv4Address("TCP", "127.0.0.1", 4000));
    ftp.makeConnection(t);
    for (byte[] chunk : chunks) {
      if (!t.disconnecting) {
        ftp.dataReceived(chunk);
      }
    }
    return t.value();
  }

  /** A read-only tree for the logged-in fuzz target (test resources): anonymous users cannot change it. */
  private static final Path TREE = makeTree();

  private static Path makeTree() {
    try {
      return Path.of(FTPCommandFuzzTest.class.getResource("fuzz-root").toURI());
    } catch (java.net.URISyntaxException e) {
      throw new IllegalStateException(e);
    }
  }

  /** As {@link #serve}, logged in anonymously; the "thread pool" runs on the Clock after each chunk. */
  private static byte[] serveLoggedIn(byte[]... chunks) {
    MemoryReactor reactor = new MemoryReactor(new Clock());
    Portal portal = new Portal(FTPRealm.of(TREE), new dev.torsion.cred.AllowAnonymousAccess());
    FTPFactory factory = new FTPFactory(FTPServerOptions.builder(portal).maxLineLength(512).build(), reactor);
    Protocol ftp = factory.buildProtocol(new IPv4Address("TCP", "127.0.0.1", 4000));
    StringTransport t = new StringTransport(new IPv4Address("TCP", "127.0.0.1", 21),
        new IPv4Address("TCP", "127.0.0.1", 4000));
    ftp.makeConnection(t);
    ftp.dataReceived("USER anonymous\r\nPASS x\r\n".getBytes(java.nio.charset.StandardCharsets.US_ASCII));
    for (int i = 0; i < 5; i++) {
      reactor.advance(0);
    }
    for (byte[] chunk : chunks) {
      if (!t.disconnecting) {
        ftp.dataReceived(chunk);
      }
      for (int i = 0; i < 50; i++) {
        reactor.advance(0); // disk work queued by this chunk, and what it unblocks
      }
    }
    return t.value();
  }

  @FuzzTest(maxDuration = "20s")
  void loggedInRepliesAreTheSameInAnySplit(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    int at = data.length == 0 ? 0 : (input[0] & 0xFF) % (data.length + 1);

    byte[] whole = serveLoggedIn(data);
    byte[] split = serveLoggedIn(Arrays.copyOfRange(data, 0, at), Arrays.copyOfRange(data, at, data.length));

    assertThat(new String(split, java.nio.charset.StandardCharsets.UTF_8))
        .isEqualTo(new String(whole, java.nio.charset.StandardCharsets.UTF_8))
        .doesNotContain(TREE.toString());
  }

  @FuzzTest(maxDuration = "20s")
  void serverRepliesAreBoundedAndTheSameInAnySplit(byte[] input) {
    if (input.length < 1) {
      return;
    }
    byte[] data = Arrays.copyOfRange(input, 1, input.length);
    int at = data.length == 0 ? 0 : (input[0] & 0xFF) % (data.length + 1);

    byte[] whole = serve(data);
    byte[] split = serve(Arrays.copyOfRange(data, 0, at), Arrays.copyOfRange(data, at, data.length));

    assertThat(split).isEqualTo(whole);
    long lines = 1;
    for (byte b : data) {
      if (b == '\n') {
        lines++;
      }
    }
    assertThat((long) whole.length).isLessThanOrEqualTo(100 + 700 * lines); // one reply a line at most
  }
}
