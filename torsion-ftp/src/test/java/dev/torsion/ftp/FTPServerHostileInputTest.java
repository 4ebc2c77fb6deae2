package dev.torsion.ftp;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.ftp.internal.HostPort;
import java.io.InputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Raw sockets against the server: path traversal, the bounce attack, data theft and limits. */
class FTPServerHostileInputTest {
  @TempDir Path dir;
  Path root;
  Path outside;
  FTPServerFixture server;

  @BeforeEach
  void start() throws Exception {
    root = Files.createDirectories(dir.resolve("root"));
    outside = Files.createDirectories(dir.resolve("outside"));
    Files.writeString(outside.resolve("secret.txt"), "outside the root\n");
    Files.writeString(root.resolve("inside.txt"), "inside\n");
    Files.createSymbolicLink(root.resolve("escape"), outside);
    Files.createSymbolicLink(root.resolve("secret-link.txt"), outside.resolve("secret.txt"));
    Files.createSymbolicLink(root.resolve("inside-link.txt"), root.resolve("inside.txt"));
    server = new FTPServerFixture(root, b -> b.idleTimeout(5).dataTimeout(2).maxPassivePorts(2));
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  /** Opens the passive port the reply names and reads all it sends. */
  private static String readPassive(String reply227, String bindTo) throws Exception {
    HostPort hp = HostPort.parse227(reply227);
    try (Socket s = new Socket()) {
      if (bindTo != null) {
        s.bind(new InetSocketAddress(bindTo, 0));
      }
      s.setSoTimeout(10_000);
      s.connect(new InetSocketAddress(hp.host(), hp.port()), 5000);
      try (InputStream in = s.getInputStream()) {
        return new String(in.readAllBytes(), StandardCharsets.UTF_8);
      } catch (java.net.SocketException reset) {
        return "";
      }
    }
  }

  @Test
  void dotDotAndAbsolutePathsStayInsideTheRoot() throws Exception {
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(c.send("CWD ../../../..")).startsWith("250");
      assertThat(c.send("PWD")).isEqualTo("257 \"/\" is the current directory");
      assertThat(c.send("SIZE ../outside/secret.txt")).startsWith("550");
      assertThat(c.send("SIZE /../outside/secret.txt")).startsWith("550");
      assertThat(c.send("SIZE " + outside.resolve("secret.txt"))).startsWith("550");
      // ".." stops at the virtual root: this names /root/inside.txt under the root, which is not there
      assertThat(c.send("SIZE ../../root/inside.txt")).isEqualTo("550 /root/inside.txt: No such file or directory");
      assertThat(c.send("SIZE ../../inside.txt")).isEqualTo("213 7");
    }
  }

  @Test
  void symlinksPointingOutOfTheRootAreRefused() throws Exception {
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(c.send("CWD escape")).startsWith("550 Permission denied");
      assertThat(c.send("SIZE secret-link.txt")).startsWith("550 Permission denied");
      assertThat(c.send("SIZE escape/secret.txt")).startsWith("550 Permission denied");
      assertThat(c.send("SIZE inside-link.txt")).isEqualTo("213 7");
      assertThat(c.send("MKD escape/made")).startsWith("550");
      assertThat(c.send("DELE escape/secret.txt")).startsWith("550");
      assertThat(c.send("RNFR escape/secret.txt")).startsWith("550");
      String pasv = c.send("PASV");
      assertThat(c.send("STOR escape/planted.txt")).startsWith("550");
      assertThat(c.send("RETR secret-link.txt")).startsWith("550");
      assertThat(c.send("ABOR")).startsWith("226");
      assertThat(pasv).startsWith("227");
    }
    assertThat(outside.resolve("made")).doesNotExist();
    assertThat(outside.resolve("planted.txt")).doesNotExist();
    assertThat(outside.resolve("secret.txt")).exists();
  }

  @Test
  void portAndEprtOnlyToTheControlPeerAndUnprivilegedPorts() throws Exception {
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(c.send("PORT 127,0,0,2,39,16")).startsWith("504"); // another host: the bounce
      assertThat(c.send("PORT 10,0,0,1,39,16")).startsWith("504");
      assertThat(c.send("PORT 127,0,0,1,0,25")).startsWith("504"); // SMTP on our own host
      assertThat(c.send("EPRT |1|192.0.2.1|2000|")).startsWith("504");
      assertThat(c.send("EPRT |2|::1|2000|")).startsWith("504"); // not the peer's address
      assertThat(c.send("EPRT |1|127.0.0.1|80|")).startsWith("504");
      assertThat(c.send("EPRT |3|127.0.0.1|2000|")).startsWith("522");
      assertThat(c.send("PORT 127,0,0,1,300,1")).startsWith("501");
      assertThat(c.send("PORT 127,0,0,1")).startsWith("501");
      assertThat(c.send("EPRT |1|127.0.0.1|99999|")).startsWith("501");
      assertThat(c.send("PORT 127,0,0,1,39,16")).startsWith("200");
    }
  }

  @Test
  void aConnectionToThePassivePortFromAnotherAddressIsRefused() throws Exception {
    try (RawControl c = new RawControl(server.port).login("anonymous", "a@b")) {
      String pasv = c.send("PASV");
      assertThat(pasv).startsWith("227");

      String stolen = readPassive(pasv, "127.0.0.2"); // the thief comes first
      assertThat(c.send("RETR inside.txt")).startsWith("150");
      String legit = readPassive(pasv, null);

      assertThat(stolen).isEmpty();
      assertThat(legit).isEqualTo("inside\n");
      assertThat(c.reply()).isEqualTo("226 Transfer complete");
    }
  }

  @Test
  void anonymousUsersCannotChangeAnything() throws Exception {
    try (RawControl c = new RawControl(server.port).login("ftp", "guest@")) {
      assertThat(c.send("MKD d")).startsWith("550 Permission denied");
      assertThat(c.send("DELE inside.txt")).startsWith("550 Permission denied");
      assertThat(c.send("RNFR inside.txt")).startsWith("550 Permission denied");
      assertThat(c.send("PASV")).startsWith("227");
      assertThat(c.send("STOR x")).startsWith("550 Permission denied");
      assertThat(c.send("APPE inside.txt")).startsWith("550 Permission denied");
    }
    assertThat(Files.readString(root.resolve("inside.txt"))).isEqualTo("inside\n");
  }

  @Test
  void nothingButLoginBeforeLoggingIn() throws Exception {
    try (RawControl c = new RawControl(server.port)) {
      assertThat(c.reply()).startsWith("220");
      assertThat(c.send("RETR inside.txt")).startsWith("530");
      assertThat(c.send("PASV")).startsWith("530");
      assertThat(c.send("FEAT")).contains("EPSV", "MLST", "AUTH TLS", "211 End");
      assertThat(c.send("XYZZY")).startsWith("500");
      assertThat(c.send("RE")).startsWith("500");
      c.sendRaw("RETR a\0b\r\n".getBytes(StandardCharsets.UTF_8));
      assertThat(c.reply()).startsWith("500");
      c.sendRaw(new byte[] {'U', 'S', 'E', 'R', ' ', (byte) 0xC3, (byte) 0x28, '\r', '\n'});
      assertThat(c.reply()).startsWith("500");
    }
  }

  @Test
  void threeWrongPasswordsCloseTheConnection() throws Exception {
    try (RawControl c = new RawControl(server.port)) {
      c.reply();
      for (int i = 0; i < 3; i++) {
        c.send("USER alice");
        assertThat(c.send("PASS wrong")).isEqualTo("530 Login incorrect");
      }
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void anOverlongCommandLineIsRefusedAndTheConnectionClosed() throws Exception {
    try (RawControl c = new RawControl(server.port)) {
      c.reply();
      c.sendRaw(("NOOP " + "x".repeat(5000) + "\r\n").getBytes(StandardCharsets.US_ASCII));
      assertThat(c.reply()).isEqualTo("500 Command line too long");
      assertThat(c.closedByServer()).isTrue();
    }
  }

  @Test
  void passivePortsInUseAreBounded() throws Exception {
    try (RawControl a = new RawControl(server.port).login("alice", "secret");
        RawControl b = new RawControl(server.port).login("alice", "secret");
        RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(a.send("PASV")).startsWith("227");
      assertThat(b.send("EPSV")).startsWith("229");
      assertThat(c.send("PASV")).startsWith("425 Cannot open a passive port: too many");
      assertThat(a.send("ABOR")).startsWith("226"); // gives a's port back
      assertThat(c.send("PASV")).startsWith("227");
    }
  }

  @Test
  void aPassivePortNobodyConnectsToTimesOut() throws Exception {
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(c.send("PASV")).startsWith("227");
      assertThat(c.send("RETR inside.txt")).startsWith("150");
      assertThat(c.reply()).isEqualTo("425 Cannot open data connection"); // after dataTimeout (2 s)
      assertThat(server.factory.passivePortsInUse()).isZero();
    }
  }

  @Test
  void anIdleControlConnectionIsClosedWith421() throws Exception {
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(c.reply()).startsWith("421 Idle timeout"); // after idleTimeout (5 s)
      assertThat(c.closedByServer()).isTrue();
    }
  }

  /** Opens the passive port the reply names, reads {@code n} bytes and leaves the rest unread. */
  private static Socket readSome(String reply227, int n) throws Exception {
    HostPort hp = HostPort.parse227(reply227);
    Socket s = new Socket();
    s.setReceiveBufferSize(64 * 1024);
    s.setSoTimeout(10_000);
    s.connect(new InetSocketAddress(hp.host(), hp.port()), 5000);
    assertThat(s.getInputStream().readNBytes(n)).hasSize(n);
    return s;
  }

  @Test
  void aborDuringADownloadAnswers426Then226() throws Exception {
    Files.write(root.resolve("huge.bin"), new byte[32 << 20]);
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      String pasv = c.send("PASV");
      assertThat(c.send("RETR huge.bin")).startsWith("150");
      try (Socket data = readSome(pasv, 100_000)) {
        assertThat(c.send("STAT")).startsWith("213 Status:"); // answered during the transfer
        c.sendRaw(new byte[] {(byte) 0xFF, (byte) 0xF4, (byte) 0xFF});
        assertThat(c.send("ABOR")).startsWith("426");
        assertThat(c.reply()).isEqualTo("226 ABOR successful");
        assertThat(c.send("NOOP")).startsWith("200");
      }
    }
  }

  @Test
  void aStalledDownloadIsCutOffWith426() throws Exception {
    Files.write(root.resolve("huge.bin"), new byte[32 << 20]);
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      String pasv = c.send("PASV");
      assertThat(c.send("RETR huge.bin")).startsWith("150");
      try (Socket data = readSome(pasv, 1000)) {
        // the reader stops reading: after dataTimeout (2 s) without progress the server gives up
        assertThat(c.reply()).startsWith("426").contains("no progress");
      }
    }
  }

  @Test
  void aborBeforeTheDataConnectionAnswers426Then226() throws Exception {
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(c.send("PASV")).startsWith("227");
      assertThat(c.send("RETR inside.txt")).startsWith("150");
      assertThat(c.send("ABOR")).startsWith("426");
      assertThat(c.reply()).isEqualTo("226 ABOR successful");
      assertThat(server.factory.passivePortsInUse()).isZero();
      assertThat(c.send("PASV")).startsWith("227"); // a new offer works as before
    }
  }

  @Test
  void anUnusedPassiveOfferLapsesAndGivesItsPortBack() throws Exception {
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      assertThat(c.send("PASV")).startsWith("227");
      assertThat(server.factory.passivePortsInUse()).isEqualTo(1);
      long deadline = System.nanoTime() + 10_000_000_000L; // dataTimeout is 2 s
      while (server.factory.passivePortsInUse() > 0 && System.nanoTime() < deadline) {
        java.util.concurrent.locks.LockSupport.parkNanos(10_000_000L); // poll the condition, deadline above
      }
      assertThat(server.factory.passivePortsInUse()).isZero();
      assertThat(c.send("RETR inside.txt")).startsWith("425 Use PORT");
    }
  }

  @Test
  void errorRepliesNeverNameTheRealPath() throws Exception {
    Files.createDirectories(root.resolve("full/sub"));
    try (RawControl c = new RawControl(server.port).login("alice", "secret")) {
      List<String> replies = new java.util.ArrayList<>();
      for (String cmd : List.of("MKD full", "RMD full", "DELE full", "RMD inside.txt", "CWD inside.txt",
          "SIZE full", "RNFR nope", "MKD nope/deeper", "DELE nope", "MDTM nope", "MLST escape")) {
        replies.add(c.send(cmd));
      }
      assertThat(replies).allSatisfy(r -> assertThat(r).startsWith("550").doesNotContain(dir.toString()));
      assertThat(replies).contains("550 File exists", "550 Directory not empty", "550 /full: is a directory",
          "550 /nope: No such file or directory", "550 Permission denied");
    }
  }

  @Test
  void pipelinedCommandsAreAnsweredInOrder() throws Exception {
    try (RawControl c = new RawControl(server.port)) {
      c.reply();
      c.sendRaw("USER alice\r\nPASS secret\r\nCWD /\r\nSIZE inside.txt\r\nMKD p\r\nPWD\r\n"
          .getBytes(StandardCharsets.US_ASCII));
      assertThat(c.reply()).startsWith("331");
      assertThat(c.reply()).startsWith("230");
      assertThat(c.reply()).startsWith("250");
      assertThat(c.reply()).isEqualTo("213 7");
      assertThat(c.reply()).startsWith("257 \"/p\"");
      assertThat(c.reply()).startsWith("257 \"/\"");
    }
  }
}
