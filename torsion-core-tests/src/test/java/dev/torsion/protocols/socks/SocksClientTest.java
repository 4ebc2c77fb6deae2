package dev.torsion.protocols.socks;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.protocols.socks.internal.SocksClientHandshake;
import dev.torsion.trial.StringTransport;
import dev.torsion.trial.Trial;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import org.junit.jupiter.api.Test;

final class SocksClientTest {
  static final class Recorder extends Protocol {
    final ByteArrayOutputStream got = new ByteArrayOutputStream();
    boolean made;

    @Override
    public void connectionMade() {
      made = true;
    }

    @Override
    public void dataReceived(byte[] data) {
      got.writeBytes(data);
    }
  }

  private final StringTransport t = new StringTransport();
  private final Deferred<Protocol> result = new Deferred<>();

  private SocksClientHandshake handshake(int version, String user, String password) {
    SocksClientHandshake h = new SocksClientHandshake(version, "example.com", 80, user, password,
        Factory.forProtocol(Recorder::new), result);
    h.makeConnection(t);
    return h;
  }

  private static byte[] bytes(int... v) {
    byte[] b = new byte[v.length];
    for (int i = 0; i < v.length; i++) {
      b[i] = (byte) v[i];
    }
    return b;
  }

  private static void feedByteByByte(Protocol p, byte[] data) {
    for (byte b : data) {
      p.dataReceived(new byte[] {b});
    }
  }

  @Test
  void socks5WithUserAndPasswordFollowsRfc1929AndHandsOverTheConnection() {
    SocksClientHandshake h = handshake(5, "alice", "pw");
    assertThat(t.value()).isEqualTo(bytes(5, 2, 0, 2));
    t.clear();
    feedByteByByte(h, bytes(5, 2));
    assertThat(t.value()).isEqualTo(bytes(1, 5, 'a', 'l', 'i', 'c', 'e', 2, 'p', 'w'));
    t.clear();
    h.dataReceived(bytes(1, 0));
    byte[] request = t.value();
    assertThat(request).startsWith(5, 1, 0, 3, 11).endsWith(0, 80);
    assertThat(new String(request, 5, 11, StandardCharsets.US_ASCII)).isEqualTo("example.com");
    // The reply, then the first bytes of the destination in the same chunk.
    feedByteByByte(h, bytes(5, 0, 0, 1, 10, 0, 0, 1, 0x1f, 0x90, 'h', 'i'));
    Recorder r = (Recorder) Trial.successResultOf(result);
    assertThat(r.made).isTrue();
    assertThat(r.got.toString(StandardCharsets.US_ASCII)).isEqualTo("hi");
    h.dataReceived("there".getBytes(StandardCharsets.US_ASCII));
    assertThat(r.got.toString(StandardCharsets.US_ASCII)).isEqualTo("hithere");
  }

  @Test
  void aRefusalFailsWithTheProxysReplyCode() {
    SocksClientHandshake h = handshake(5, null, null);
    h.dataReceived(bytes(5, 0));
    h.dataReceived(bytes(5, 5, 0, 1, 0, 0, 0, 0, 0, 0));
    SOCKSError e = (SOCKSError) Trial.failureResultOf(result, SOCKSError.class).value();
    assertThat(e.replyCode()).isEqualTo(5);
    assertThat(e).hasMessageContaining("connection refused");
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void noAcceptableMethodFails() {
    SocksClientHandshake h = handshake(5, null, null);
    h.dataReceived(bytes(5, 0xff));
    Trial.failureResultOf(result, SOCKSError.class);
  }

  @Test
  void aWrongPasswordFails() {
    SocksClientHandshake h = handshake(5, "alice", "bad");
    h.dataReceived(bytes(5, 2, 1, 1));
    assertThat(Trial.failureResultOf(result, SOCKSError.class).getErrorMessage()).contains("refused");
  }

  @Test
  void aNonSocksPeerFails() {
    SocksClientHandshake h = handshake(5, null, null);
    h.dataReceived("HTTP/1.1 400 Bad Request\r\n".getBytes(StandardCharsets.US_ASCII));
    Trial.failureResultOf(result, SOCKSError.class);
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void socks4aSendsTheNameAndAcceptsGranted() {
    SocksClientHandshake h = handshake(4, "bob", null);
    assertThat(t.value()).isEqualTo(bytes(4, 1, 0, 80, 0, 0, 0, 1, 'b', 'o', 'b', 0,
        'e', 'x', 'a', 'm', 'p', 'l', 'e', '.', 'c', 'o', 'm', 0));
    h.dataReceived(bytes(0, 90, 0, 0, 0, 0, 0, 0));
    assertThat(Trial.successResultOf(result)).isInstanceOf(Recorder.class);
  }

  @Test
  void socks4RejectionFails() {
    SocksClientHandshake h = handshake(4, null, null);
    h.dataReceived(bytes(0, 91, 0, 0, 0, 0, 0, 0));
    assertThat(((SOCKSError) Trial.failureResultOf(result, SOCKSError.class).value()).replyCode())
        .isEqualTo(91);
  }

  @Test
  void theProxyClosingMidHandshakeFails() {
    SocksClientHandshake h = handshake(5, null, null);
    h.transportClosed(dev.torsion.internet.Failure.of(new dev.torsion.internet.ConnectionDone("bye")));
    Trial.failureResultOf(result, SOCKSError.class);
  }
}
