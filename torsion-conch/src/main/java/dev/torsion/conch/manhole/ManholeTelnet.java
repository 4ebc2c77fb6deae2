package dev.torsion.conch.manhole;

import dev.torsion.conch.telnet.TelnetProtocol;
import dev.torsion.internet.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A manhole over telnet, in line mode: the client edits and echoes its own lines (we offer
 * neither ECHO nor SGA), each line goes to a {@link ManholeInterpreter}, the answer and a
 * prompt come back. Lines over {@link ManholeInterpreter#MAX_INPUT} bytes are dropped.
 *
 * <pre>{@code
 * reactor.listenTCP(8023, Factory.forProtocol(() -> new ManholeTelnet(reactor)), 50, "127.0.0.1");
 * }</pre>
 */
public final class ManholeTelnet extends TelnetProtocol {
  private final ManholeInterpreter interpreter;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private boolean busy;
  private final java.util.ArrayDeque<String> queued = new java.util.ArrayDeque<>();

  public ManholeTelnet(dev.torsion.internet.Reactor reactor) {
    this.interpreter = new ManholeInterpreter(reactor);
  }

  @Override
  public void connectionMade() {
    doOption(NAWS);
    write(("Torsion manhole: Java (JShell) in this process; bound: "
        + String.join(", ", Manhole.namespace().keySet()) + "\r\n" + interpreter.prompt())
        .getBytes(StandardCharsets.UTF_8));
  }

  @Override
  protected boolean enableLocal(int option) {
    return false;
  }

  @Override
  protected void applicationDataReceived(byte[] data) {
    for (byte b : data) {
      if (b == '\n') {
        queued.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else if (b != '\r' && b != 0) {
        if (line.size() < ManholeInterpreter.MAX_INPUT) {
          line.write(b);
        }
      }
    }
    next();
  }

  private void next() {
    if (busy || queued.isEmpty()) {
      return;
    }
    busy = true;
    interpreter.line(queued.poll()).addCallback(out -> {
      busy = false;
      if (transport != null && !transport.isDisconnecting()) {
        write((out.replace("\n", "\r\n") + interpreter.prompt()).getBytes(StandardCharsets.UTF_8));
      }
      next();
      return null;
    });
  }

  @Override
  public void connectionLost(Failure reason) {
    interpreter.close();
  }
}
