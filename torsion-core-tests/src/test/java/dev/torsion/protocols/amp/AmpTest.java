package dev.torsion.protocols.amp;

import static dev.torsion.protocols.amp.MathCommands.*;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.StringTransport;
import dev.torsion.trial.Trial;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

final class AmpTest {
  private final AMP client = new AMP();
  private final IOPump pump = IOPump.connect(MathCommands.server(), client);

  @Test
  void callRemoteFiresWithTheTypedResponse() {
    Deferred<Total> d = client.callRemote(SUM, new Sum(13, 81));
    pump.flush();
    assertThat(Trial.successResultOf(d).total()).isEqualTo(94);
  }

  @Test
  void callsAnsweredOutOfOrderReachTheirOwnDeferreds() {
    Deferred<Total> a = client.callRemote(SUM, new Sum(1, 1));
    Deferred<Quotient> b = client.callRemote(DIVIDE, new Divide(10, 4));
    pump.flush();
    assertThat(Trial.successResultOf(a).total()).isEqualTo(2);
    assertThat(Trial.successResultOf(b).result()).isEqualTo(2.5);
  }

  @Test
  void aDeclaredErrorComesBackAsItsJavaException() {
    Deferred<Quotient> d = client.callRemote(DIVIDE, new Divide(1, 0));
    pump.flush();
    assertThat(Trial.failureResultOf(d, ArithmeticException.class).getErrorMessage())
        .contains("division by zero");
  }

  @Test
  void anUndeclaredErrorIsUnknownAndAMissingResponderUnhandled() {
    Deferred<Void> boom = client.callRemote(BOOM, null);
    Deferred<Void> nope = client.callRemote(NOPE, null);
    pump.flush();
    UnknownRemoteError unknown = (UnknownRemoteError) Trial.failureResultOf(boom, UnknownRemoteError.class).value();
    assertThat(unknown.errorCode()).isEqualTo("UNKNOWN");
    assertThat(unknown.description()).isEqualTo("Unknown Error");   // no server internals leak
    assertThat(((RemoteAmpError) Trial.failureResultOf(nope, UnhandledCommand.class).value())
        .errorCode()).isEqualTo("UNHANDLED");
  }

  @Test
  void everyArgumentTypeRoundTrips() {
    Everything sent = MathCommands.sample();
    Deferred<Everything> d = client.callRemote(ECHO, sent);
    pump.flush();
    Everything got = Trial.successResultOf(d);
    assertThat(got).usingRecursiveComparison().isEqualTo(sent);
  }

  @Test
  void aCommandWithoutAnswerFiresAtOnceAndIsStillDelivered() {
    Deferred<Void> d = client.callRemote(NOTIFY, new Notify("one"));
    assertThat(d.called()).isTrue();
    Deferred<Notes> notes = client.callRemote(NOTES, null);
    pump.flush();
    assertThat(Trial.successResultOf(notes).texts()).containsExactly("one");
  }

  @Test
  void aValueOverTheLimitFailsTheCallAndSendsNothing() {
    Deferred<Void> d = client.callRemote(NOTIFY, new Notify("x".repeat(70_000)));
    assertThat(Trial.failureResultOf(d, TooLong.class).getErrorMessage()).contains("65535");
    assertThat(client.isConnected()).isTrue();
  }

  @Test
  void pendingCallsFailWhenTheConnectionCloses() {
    pump.pauseDelivery();
    Deferred<Total> d = client.callRemote(SUM, new Sum(1, 2));
    client.getTransport().loseConnection();
    pump.resumeDelivery();
    pump.flush();
    Trial.failureResultOf(d, ConnectionDone.class, ConnectionLost.class);
  }

  @Test
  void theWireFormatIsTwistedsBox() {
    AMP amp = new AMP();
    StringTransport t = new StringTransport();
    amp.makeConnection(t);
    amp.callRemote(SUM, new Sum(13, 81));
    assertThat(t.value()).isEqualTo(bytes(
        "\0\u0008_command\0\u0003Sum\0\u0004_ask\0\u00011\0\u0001a\0\u000213\0\u0001b\0\u000281\0\0"));
  }

  @Test
  void oneByteAtATimeIsTheSameAsAllAtOnce() {
    AMP server = MathCommands.server();
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    for (byte b : bytes("\0\u0008_command\0\u0003Sum\0\u0004_ask\0\u0001f\0\u0001a\0\u00012\0\u0001b\0\u00013\0\0")) {
      server.dataReceived(new byte[] {b});
    }
    assertThat(AmpBox.parse(t.value())).containsExactly(
        new AmpBox().put("total", "5").put("_answer", "f"));
  }

  @Test
  void aKeyLongerThan255BytesDisconnects() {
    AMP server = MathCommands.server();
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    server.dataReceived(new byte[] {1, 0});
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void aBoxOverTheByteLimitDisconnectsBeforeBuffering() {
    AMP server = new AMP(new AmpLimits(1000, 10, 10));
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    server.dataReceived(bytes("\0\u0001k\u00ff\u00ff"));   // announces a 65535-byte value
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void tooManyKeysDisconnects() {
    AMP server = new AMP(new AmpLimits(1 << 20, 3, 10));
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    server.dataReceived(bytes("\0\u0001a\0\0\0\u0001b\0\0\0\u0001c\0\0\0\u0001d\0\0"));
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void tooManyCommandsInFlightDisconnects() {
    AMP server = new AMP(new AmpLimits(1 << 20, 10, 2))
        .deferredResponder(SUM, s -> new Deferred<>());   // never answers
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    for (int i = 0; i < 2; i++) {
      server.dataReceived(call(i));
    }
    assertThat(t.disconnecting).isFalse();
    server.dataReceived(call(3));
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void aBoxThatIsNeitherCommandNorAnswerDisconnects() {
    AMP server = MathCommands.server();
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    server.dataReceived(new AmpBox().put("hello", "world").serialize());
    assertThat(t.disconnecting).isTrue();
  }

  @Test
  void badArgumentsAreAnsweredWithAnErrorAndTheConnectionStays() {
    AMP server = MathCommands.server();
    StringTransport t = new StringTransport();
    server.makeConnection(t);
    server.dataReceived(new AmpBox().put("_command", "Sum").put("_ask", "1").put("a", "x")
        .put("b", "1").serialize());
    List<AmpBox> reply = AmpBox.parse(t.value());
    assertThat(reply.get(0).getString("_error_code")).isEqualTo("UNKNOWN");
    assertThat(reply.get(0).getString("_error_description")).contains("'a'");
    assertThat(t.disconnecting).isFalse();
  }

  private static byte[] call(int id) {
    return new AmpBox().put("_command", "Sum").put("_ask", Integer.toString(id)).put("a", "1")
        .put("b", "2").serialize();
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }
}
