package dev.torsion.mail;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.StringTransport;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Comparator;
import java.util.function.Supplier;
import java.util.stream.Stream;

/** Drives a server protocol on a StringTransport for the fuzz tests; one shared temp fixture. */
public final class FuzzSessions {
  private static MailFixture fixture;

  private FuzzSessions() {}

  /** alice and bob with Maildirs under a temp dir removed when the JVM exits. */
  public static synchronized MailFixture fixture() {
    if (fixture == null) {
      try {
        Path dir = Files.createTempDirectory("torsion-mail-fuzz");
        Runtime.getRuntime().addShutdownHook(new Thread(() -> delete(dir)));
        fixture = new MailFixture(dir);
      } catch (IOException e) {
        throw new UncheckedIOException(e);
      }
    }
    return fixture;
  }

  private static Path runDir;

  /**
   * A fixture of its own for one run, with empty Maildirs, the previous run's removed: for a
   * harness whose input changes the mailboxes. On the shared fixture an IMAP run's APPEND and
   * {@code COPY 1:* INBOX} doubled bob's INBOX every run (4,369 files after 29 runs, one run
   * taking 12 s), so runs got slower and stopped being repeatable.
   */
  public static synchronized MailFixture freshFixture() {
    try {
      if (runDir != null) {
        delete(runDir);
      }
      runDir = Files.createTempDirectory(fixture().root, "run");
      return new MailFixture(runDir);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  private static void delete(Path dir) {
    try (Stream<Path> all = Files.walk(dir)) {
      all.sorted(Comparator.reverseOrder()).forEach(p -> p.toFile().delete());
    } catch (IOException ignored) {
      // a temp dir left behind
    }
  }

  /** What the server writes after its greeting when fed {@code chunks} one after another. */
  public static String run(Supplier<Protocol> server, byte[]... chunks) {
    Protocol p = server.get();
    StringTransport t = new StringTransport(new IPv4Address("TCP", "127.0.0.1", 25),
        new IPv4Address("TCP", "127.0.0.1", 40000));
    p.makeConnection(t);
    t.clear();
    for (byte[] c : chunks) {
      if (t.disconnecting) {
        break;
      }
      p.dataReceived(c);
    }
    p.connectionLost(null);
    return t.valueString();
  }
}
