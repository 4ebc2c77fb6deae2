package dev.torsion.internet.ssl;

import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/** A test protocol that records what happens to it; with echo on, it also writes back. */
class Recorder extends Protocol implements HandshakeListener {
  final ByteArrayOutputStream received = new ByteArrayOutputStream();
  final boolean echo;
  int made;
  int handshakes;
  Failure reason;

  Recorder() {
    this(false);
  }

  Recorder(boolean echo) {
    this.echo = echo;
  }

  static Recorder echo() {
    return new Recorder(true);
  }

  @Override
  public void connectionMade() {
    made++;
  }

  @Override
  public void handshakeCompleted() {
    handshakes++;
  }

  @Override
  public void dataReceived(byte[] data) {
    received.writeBytes(data);
    if (echo) {
      transport.write(data);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    this.reason = reason;
  }

  String text() {
    return received.toString(StandardCharsets.UTF_8);
  }

  TLSTransport tls() {
    return (TLSTransport) transport;
  }
}
