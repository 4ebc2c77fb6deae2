package dev.torsion.trial.howto;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;

/** Sends PING, hands the reply to {@link #reply}, hangs up, and reports why in {@link #closed}. */
public class PingClient extends LineReceiver {
  public final Deferred<String> reply = new Deferred<>();
  public final Deferred<Throwable> closed = new Deferred<>();

  @Override
  public void connectionMade() {
    sendLine("PING");
  }

  @Override
  public void lineReceived(byte[] line) {
    reply.callback(new String(line, StandardCharsets.UTF_8));
    transport.loseConnection();
  }

  @Override
  public void connectionLost(Failure reason) {
    closed.callback(reason.value());
  }
}
