package dev.torsion.examples;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.DeferredQueue;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;

/**
 * A telnet-style test client over a real socket: queues each line it receives so a test can wait
 * for the next one (with a deadline) instead of sleeping.
 *
 * <pre>{@code
 * LineClient.connect(reactor, port)
 *     .addDeferredCallback(c -> c.next())
 *     .addCallback(line -> assertThat(line).isEqualTo("What's your name?"));
 * }</pre>
 */
class LineClient extends LineReceiver {
  /** How long a test waits for one line before failing with TimeoutError. */
  static final double LINE_TIMEOUT = 10;

  private final Reactor reactor;
  private final DeferredQueue<String> lines = new DeferredQueue<>();
  /** Fires once the connection has closed (a Failure as a result would take the errback path). */
  final Deferred<Void> closed = new Deferred<>();
  /** Why the connection closed, once it has. */
  Failure closeReason;

  LineClient(Reactor reactor) {
    this.reactor = reactor;
  }

  /** Connects a new client to {@code 127.0.0.1:port}; fires once it is connected. */
  static Deferred<LineClient> connect(Reactor reactor, int port) {
    return Endpoints.connectProtocol(
        Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port), new LineClient(reactor));
  }

  @Override
  public void lineReceived(byte[] line) {
    lines.put(new String(line, StandardCharsets.UTF_8));
  }

  @Override
  public void connectionLost(Failure reason) {
    closeReason = reason;
    closed.callback(null);
  }

  /** The next line received, within {@link #LINE_TIMEOUT} seconds. */
  Deferred<String> next() {
    return lines.get().addTimeout(LINE_TIMEOUT, reactor);
  }

  /** Sends raw text (no delimiter added): lets a test cut a line in the middle. */
  void sendRaw(String text) {
    transport.write(text.getBytes(StandardCharsets.UTF_8));
  }

  /** Closes the connection; fires once it is closed. */
  Deferred<Void> close() {
    transport.loseConnection();
    return closed;
  }
}
