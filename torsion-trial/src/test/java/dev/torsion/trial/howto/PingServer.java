package dev.torsion.trial.howto;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.ReactorTime;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;

/** Answers PING with PONG, and hangs up on a client that says nothing for {@code idle} seconds. */
public class PingServer extends LineReceiver {
  private final ReactorTime time;
  private final double idle;
  private DelayedCall idleTimer;

  public PingServer(ReactorTime time, double idle) {
    this.time = time;
    this.idle = idle;
  }

  @Override
  public void connectionMade() {
    idleTimer = time.callLater(idle, transport::loseConnection);
  }

  @Override
  public void lineReceived(byte[] line) {
    idleTimer.reset(idle);
    String command = new String(line, StandardCharsets.UTF_8);
    if (command.equals("PING")) {
      sendLine("PONG");
    } else {
      sendLine("ERR unknown command: " + command);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (idleTimer.active()) {
      idleTimer.cancel();
    }
  }
}
