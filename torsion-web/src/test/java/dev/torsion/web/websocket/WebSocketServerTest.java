package dev.torsion.web.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.websocket.internal.FrameWriter;
import dev.torsion.web.websocket.internal.Handshake;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The server over an in-memory transport: handshake, echo, and the protocol error codes. */
class WebSocketServerTest {
  private static final String KEY = "dGhlIHNhbXBsZSBub25jZQ==";
  private static final byte[] MASK = {1, 2, 3, 4};

  private final List<String> events = new ArrayList<>();
  private final StringTransport transport = new StringTransport();
  private Protocol connection;

  private final class Echo extends WebSocketProtocol {
    @Override public void textMessageReceived(String message) {
      events.add("text " + message);
      sendText(message);
    }

    @Override public void binaryMessageReceived(byte[] message) {
      events.add("binary " + message.length);
      sendBinary(message);
    }

    @Override public void onClose(int code, String reason) {
      events.add("close " + code);
    }
  }

  private String open(String extraHeaders) {
    Resource root = new Resource();
    root.putChild("echo", new WebSocketResource(r -> new Echo()));
    Site site = new Site(root, new Clock());
    connection = site.buildProtocol(null);
    connection.makeConnection(transport);
    connection.dataReceived(("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Key: " + KEY + "\r\n"
        + "Sec-WebSocket-Version: 13\r\n" + extraHeaders + "\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));
    String head = transport.valueString();
    transport.clear();
    return head;
  }

  private static byte[] clientFrame(int b0, byte[] payload) {
    byte[] h = FrameWriter.header((b0 & 0x80) != 0, (b0 & 0x40) != 0, b0 & 0x0F, payload.length, MASK);
    h[0] = (byte) b0;
    byte[] m = FrameWriter.masked(payload, 0, payload.length, MASK);
    byte[] all = Arrays.copyOf(h, h.length + m.length);
    System.arraycopy(m, 0, all, h.length, m.length);
    return all;
  }

  /** The close code of the close frame the server sent, -1 when it sent none. */
  private int sentCloseCode() {
    byte[] out = transport.value();
    return out.length >= 4 && (out[0] & 0x0F) == 8 ? ((out[2] & 0xFF) << 8) | (out[3] & 0xFF) : -1;
  }

  @Test
  void handshakeAnswers101WithTheAcceptKeyOfRfc6455() {
    String head = open("");

    assertThat(head).startsWith("HTTP/1.1 101 ")
        .contains("Sec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=")
        .contains("Connection: Upgrade").contains("Upgrade: websocket");
  }

  @Test
  void aTextMessageSplitIntoBytesIsEchoedUnmasked() {
    open("");
    byte[] frame = clientFrame(0x81, "héllo".getBytes(StandardCharsets.UTF_8));
    for (byte b : frame) {
      connection.dataReceived(new byte[] {b});
    }

    byte[] out = transport.value();
    assertThat(events).containsExactly("text héllo");
    assertThat(out[0] & 0xFF).isEqualTo(0x81);
    assertThat(out[1] & 0x80).isZero();
    assertThat(new String(out, 2, out.length - 2, StandardCharsets.UTF_8)).isEqualTo("héllo");
  }

  @Test
  void fragmentsMakeOneMessage() {
    open("");
    ByteArrayOutputStream in = new ByteArrayOutputStream();
    in.writeBytes(clientFrame(0x01, "hel".getBytes(StandardCharsets.UTF_8)));
    in.writeBytes(clientFrame(0x89, new byte[0])); // a ping between fragments
    in.writeBytes(clientFrame(0x80, "lo".getBytes(StandardCharsets.UTF_8)));
    connection.dataReceived(in.toByteArray());

    assertThat(events).containsExactly("text hello");
  }

  @Test
  void pipelinedBytesAfterTheUpgradeAreFramesNotHttp() {
    open("");
    // (the upgrade request is done: this is read as a frame, which is unmasked: 1002)
    connection.dataReceived("GET / HTTP/1.1\r\n\r\n".getBytes(StandardCharsets.ISO_8859_1));

    assertThat(transport.valueString()).doesNotContain("HTTP/1.1");
    assertThat(sentCloseCode()).isEqualTo(1002);
  }

  @Test
  void unmaskedClientFrameFailsWith1002() {
    open("");
    connection.dataReceived(new byte[] {(byte) 0x81, 0x01, 'a'});

    assertThat(sentCloseCode()).isEqualTo(1002);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void invalidUtf8FailsWith1007EvenAcrossFragments() {
    open("");
    connection.dataReceived(clientFrame(0x01, new byte[] {(byte) 0xE2, (byte) 0x82}));
    assertThat(transport.value()).isEmpty(); // a prefix of a character: fine so far
    connection.dataReceived(clientFrame(0x80, new byte[] {(byte) 0x28}));

    assertThat(sentCloseCode()).isEqualTo(1007);
  }

  @Test
  void tooBigFrameFailsWith1009FromItsHeader() {
    open("");
    // A header declaring 2^40 bytes, and nothing of the payload.
    connection.dataReceived(new byte[] {(byte) 0x82, (byte) 0xFF, 0, 0, 1, 0, 0, 0, 0, 0, 1, 2, 3, 4});

    assertThat(sentCloseCode()).isEqualTo(1009);
  }

  @Test
  void fragmentedControlFrameBadOpcodeBadCloseCodeAndRsvEachFailWith1002() {
    byte[][] bad = {
        clientFrame(0x09, new byte[0]), // ping without FIN
        clientFrame(0x83, new byte[0]), // reserved opcode 3
        clientFrame(0x88, new byte[] {0x03, (byte) 0xED}), // close code 1005 on the wire
        clientFrame(0xC1, new byte[] {'a'}), // RSV1 without permessage-deflate
        clientFrame(0x80, new byte[] {'a'}), // continuation of nothing
    };
    for (byte[] frame : bad) {
      transport.clear();
      transport.disconnecting = false;
      open("");
      connection.dataReceived(frame);
      assertThat(sentCloseCode()).as(Arrays.toString(frame)).isEqualTo(1002);
    }
  }

  @Test
  void closeIsEchoedAndTheServerClosesTcp() {
    open("");
    connection.dataReceived(clientFrame(0x88, new byte[] {0x03, (byte) 0xE8, 'o', 'k'}));

    assertThat(sentCloseCode()).isEqualTo(1000);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void wrongVersionIsAnswered426WithTheVersionWeSpeak() {
    Resource root = new Resource();
    root.putChild("echo", new WebSocketResource(r -> new Echo()));
    Protocol p = new Site(root, new Clock()).buildProtocol(null);
    p.makeConnection(transport);
    p.dataReceived(("GET /echo HTTP/1.1\r\nHost: x\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Key: " + KEY + "\r\nSec-WebSocket-Version: 8\r\n\r\n")
        .getBytes(StandardCharsets.ISO_8859_1));

    assertThat(transport.valueString()).startsWith("HTTP/1.1 426 ").contains("Sec-WebSocket-Version: 13");
  }

  @Test
  void acceptKeyMatchesRfc6455Example() {
    assertThat(Handshake.accept(KEY)).isEqualTo("s3pPLMBiTxaQ9kYGzzhZRbK+xOo=");
  }
}
