package dev.torsion.ftp.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The client's command queue and reply handling, on a StringTransport. */
class FTPClientTest {
  final MemoryReactor reactor = new MemoryReactor(new Clock());
  final StringTransport transport = new StringTransport();
  final FTPClient client = new FTPClient(reactor, "alice", "secret");

  private void server(String lines) {
    client.dataReceived(lines.getBytes(StandardCharsets.UTF_8));
  }

  private String sent() {
    String s = transport.valueString();
    transport.clear();
    return s;
  }

  @BeforeEach
  void logIn() {
    client.makeConnection(transport);
    server("220-Welcome\r\n to the test\r\n220 ready\r\n");
    assertThat(sent()).isEqualTo("USER alice\r\n");
    server("331 password please\r\n");
    assertThat(sent()).isEqualTo("PASS secret\r\n");
    server("230 logged in\r\n");
    assertThat(client.loggedIn().called()).isTrue();
  }

  @Test
  void commandsWaitForTheReplyBeforeThem() {
    List<Object> results = new ArrayList<>();
    client.cwd("/pub").addCallback(r -> results.add(r.code()));
    client.pwd().addCallback(results::add);

    assertThat(sent()).isEqualTo("CWD /pub\r\n");
    server("250 ok\r\n");
    assertThat(sent()).isEqualTo("PWD\r\n");
    server("257 \"/pub \"\"quoted\"\"\" is current\r\n");

    assertThat(results).containsExactly(250, "/pub \"quoted\"");
  }

  @Test
  void anErrorReplyFailsTheCommandWithItsReply() {
    Failure[] failed = {null};
    client.removeFile("x").addErrback(f -> failed[0] = f);
    server("550-No\r\n such file\r\n550 End\r\n");
    FTPCommandFailed e = (FTPCommandFailed) failed[0].value();
    assertThat(e.reply().code()).isEqualTo(550);
    assertThat(e.reply().lines()).hasSize(3);
    assertThat(e.getMessage()).startsWith("DELE x: 550-No");
  }

  @Test
  void aRenameIsRnfrThenRnto() {
    Deferred<FTPReply> d = client.rename("a", "b");
    assertThat(sent()).isEqualTo("RNFR a\r\n");
    server("350 go on\r\n");
    assertThat(sent()).isEqualTo("RNTO b\r\n");
    server("250 renamed\r\n");
    assertThat(d.called()).isTrue();
  }

  @Test
  void aCommandWithALineBreakIsRefusedBeforeAnythingIsSent() {
    Failure[] failed = {null};
    client.queueStringCommand("NOOP\r\nDELE x").addErrback(f -> failed[0] = f);
    assertThat(failed[0].value()).isInstanceOf(IllegalArgumentException.class);
    assertThat(sent()).isEmpty();
  }

  @Test
  void garbageFromTheServerClosesTheConnectionAndFailsWhatWaits() {
    Failure[] failed = {null};
    client.pwd().addErrback(f -> failed[0] = f);
    server("hello there\r\n");
    assertThat(transport.disconnecting).isTrue();
    assertThat(failed[0]).isNotNull();
  }

  @Test
  void aLostConnectionFailsEveryQueuedCommand() {
    List<Failure> failures = new ArrayList<>();
    client.pwd().addErrback(failures::add);
    client.cdup().addErrback(failures::add);
    client.transportClosed(Failure.of(new ConnectionDone("closed")));
    assertThat(failures).hasSize(2);
  }
}
