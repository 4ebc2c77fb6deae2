package dev.torsion.conch.manhole;

import dev.torsion.conch.ssh.PtyRequest;
import dev.torsion.conch.ssh.SSHSession;
import dev.torsion.conch.ssh.SessionChannel;
import dev.torsion.internet.Reactor;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * A manhole as an SSH shell session: {@code ssh -p 2222 admin@localhost} gets a Java prompt.
 * With a pty the client sends keystrokes, so this echoes them and edits the line (backspace,
 * Ctrl-C drops it, Ctrl-D on an empty line ends the session); without one lines arrive whole.
 * {@code exec} evaluates its command as one snippet.
 *
 * <pre>{@code
 * Realm.of(ConchUser.class, id -> new ConchUser() {
 *   public SSHSession openSession() { return new ManholeSession(reactor); }
 * });
 * }</pre>
 */
public final class ManholeSession implements SSHSession {
  private final ManholeInterpreter interpreter;
  private final ByteArrayOutputStream line = new ByteArrayOutputStream();
  private final ArrayDeque<String> queued = new ArrayDeque<>();
  private SessionChannel channel;
  private boolean pty;
  private boolean busy;
  private boolean ended;

  public ManholeSession(Reactor reactor) {
    this.interpreter = new ManholeInterpreter(reactor);
  }

  @Override
  public boolean ptyRequested(PtyRequest request) {
    pty = true;
    return true;
  }

  @Override
  public boolean execCommand(SessionChannel ch, String command) {
    channel = ch;
    busy = true; // stdin's EOF must not end the session before the answer
    interpreter.line(command).addCallback(out -> {
      ended = true;
      ch.write(out.getBytes(StandardCharsets.UTF_8));
      ch.exit(0);
      return null;
    });
    return true;
  }

  @Override
  public boolean openShell(SessionChannel ch) {
    channel = ch;
    write("Torsion manhole: Java (JShell) in this process; bound: "
        + String.join(", ", Manhole.namespace().keySet()) + "\n" + interpreter.prompt());
    return true;
  }

  private void write(String s) {
    channel.write((pty ? s.replace("\n", "\r\n") : s).getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void dataReceived(byte[] data) {
    if (channel == null || ended) {
      return;
    }
    ByteArrayOutputStream echo = new ByteArrayOutputStream();
    for (byte b : data) {
      if (b == '\r' || b == '\n') {
        if (pty && b == '\r') {
          echo.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
        } else if (pty) {
          continue;
        }
        queued.add(line.toString(StandardCharsets.UTF_8));
        line.reset();
      } else if (pty && (b == 0x7f || b == 8)) {
        if (line.size() > 0) {
          byte[] kept = line.toByteArray();
          line.reset();
          line.write(kept, 0, kept.length - 1);
          echo.writeBytes("\b \b".getBytes(StandardCharsets.US_ASCII));
        }
      } else if (pty && b == 3) {
        line.reset();
        echo.writeBytes(("^C\r\n" + interpreter.prompt()).getBytes(StandardCharsets.US_ASCII));
      } else if (pty && b == 4 && line.size() == 0) {
        ended = true;
        channel.write(echo.toByteArray());
        channel.exit(0);
        return;
      } else if (line.size() < ManholeInterpreter.MAX_INPUT) {
        line.write(b);
        if (pty) {
          echo.write(b);
        }
      }
    }
    if (echo.size() > 0) {
      channel.write(echo.toByteArray());
    }
    next();
  }

  private void next() {
    if (busy || queued.isEmpty() || ended) {
      return;
    }
    busy = true;
    interpreter.line(queued.poll()).addCallback(out -> {
      busy = false;
      if (!ended) {
        write(out + interpreter.prompt());
        next();
      }
      return null;
    });
  }

  @Override
  public void eofReceived() {
    if (!ended && channel != null && !busy && queued.isEmpty()) {
      ended = true;
      channel.exit(0);
    }
  }

  @Override
  public void closed() {
    ended = true;
    interpreter.close();
  }
}
