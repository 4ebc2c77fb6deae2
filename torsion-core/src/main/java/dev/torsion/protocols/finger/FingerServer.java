package dev.torsion.protocols.finger;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ReactorTime;
import dev.torsion.protocols.LineReceiver;

/**
 * A finger server (RFC 1288), Twisted's {@code twisted.protocols.finger.Finger}: reads one query
 * line, writes the answer, closes. Forwarding ({@code user@host}) is refused, as RFC 1288
 * section 3.2.1 advises; so is the user list unless {@link FingerUsers#list} gives one.
 *
 * <pre>{@code
 * reactor.listenTCP(79, FingerServer.factory(FingerUsers.of(Map.of("alice", "Plan: nap")), reactor));
 * // $ finger alice@localhost
 * }</pre>
 *
 * The query is at most {@value #MAX_QUERY} bytes; a client that sends no line within {@code
 * timeout} seconds (default 30) is disconnected.
 */
public final class FingerServer extends LineReceiver {
  /** The longest query line accepted. */
  public static final int MAX_QUERY = 512;

  private final FingerUsers users;
  private final ReactorTime clock;
  private final double timeout;
  private DelayedCall idle;
  private boolean answered;

  public FingerServer(FingerUsers users, ReactorTime clock, double timeoutSeconds) {
    this.users = users;
    this.clock = clock;
    this.timeout = timeoutSeconds;
    this.delimiter = new byte[] {'\n'};
    this.MAX_LENGTH = MAX_QUERY;
  }

  /** Servers answering from {@code users}, with a 30-second idle timeout. */
  public static Factory factory(FingerUsers users, ReactorTime clock) {
    return Factory.forProtocol(() -> new FingerServer(users, clock, 30));
  }

  @Override
  public void connectionMade() {
    idle = clock.callLater(timeout, () -> transport.loseConnection());
  }

  @Override
  public void lineReceived(byte[] line) {
    if (answered) {
      return;
    }
    answered = true;
    cancelIdle();
    FingerQuery q = FingerQuery.parse(line);
    if (q.forwardTo() != null) {
      answer("Finger forwarding service denied");
      return;
    }
    (q.user().isEmpty() ? users.list(q.verbose()) : users.user(q.user(), q.verbose()))
        .addCallbacks(text -> {
          answer(text != null ? text
              : q.user().isEmpty() ? "Finger online list denied" : "No such user");
          return null;
        }, f -> {
          answer("Finger service unavailable");
          return null;
        });
  }

  private void answer(String text) {
    if (!isConnected()) {
      return;
    }
    // RFC 1288 section 2.5: lines end with CRLF; strip what could drive a terminal (3.3).
    StringBuilder out = new StringBuilder();
    for (String l : text.split("\r?\n", -1)) {
      out.append(l.replaceAll("[\\x00-\\x08\\x0b-\\x1f\\x7f]", "")).append("\r\n");
    }
    transport.write(out.toString().getBytes(java.nio.charset.StandardCharsets.UTF_8));
    transport.loseConnection();
  }

  @Override
  public void lineLengthExceeded(byte[] line) {
    answered = true;
    cancelIdle();
    transport.loseConnection();
  }

  private void cancelIdle() {
    if (idle != null && idle.active()) {
      idle.cancel();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    cancelIdle();
  }
}
