package dev.torsion.conch.client;

import dev.torsion.conch.ssh.internal.ClientSessionChannel;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.internet.Deferred;

/**
 * A shell running on the server, from {@link SSHConnection#shell}: what you type goes to
 * {@link #write}; its output arrives at the {@link Output} given; {@link #exited} fires with its
 * exit status (output not collected) when the channel closes.
 *
 * <pre>{@code
 * shell.write("ls\n".getBytes(UTF_8));
 * shell.resize(120, 40);
 * shell.exited().addCallback(r -> r.exitStatus());
 * }</pre>
 */
public final class RemoteShell {
  /** Where a shell's output goes, on the reactor thread. */
  public interface Output {
    void outReceived(byte[] data);

    default void errReceived(byte[] data) {
      outReceived(data);
    }
  }

  private final Deferred<CommandResult> exited = new Deferred<>();
  private ClientSessionChannel channel;

  RemoteShell() {}

  ClientSessionChannel.Listener listener(Output output) {
    return new ClientSessionChannel.Listener() {
      @Override
      public void dataReceived(ClientSessionChannel c, int type, byte[] data) {
        if (type == 0) {
          output.outReceived(data);
        } else {
          output.errReceived(data);
        }
      }

      @Override
      public void closed(ClientSessionChannel c) {
        exited.callback(new CommandResult(new byte[0], new byte[0], c.exitStatus(),
            c.exitSignal()));
      }
    };
  }

  void attach(ClientSessionChannel c) {
    channel = c;
  }

  public void write(byte[] data) {
    channel.write(data);
  }

  /** EOF: the shell's standard input ends. */
  public void closeStdin() {
    channel.closeStdin();
  }

  /** "window-change" (RFC 4254 6.7). */
  public void resize(int columns, int rows) {
    channel.notify("window-change", new SSHWriter().writeUint32(columns).writeUint32(rows)
        .writeUint32(0).writeUint32(0).toByteArray());
  }

  /** "signal" (RFC 4254 6.9): "INT", "TERM"... */
  public void signal(String name) {
    channel.notify("signal", new SSHWriter().writeString(name).toByteArray());
  }

  public void close() {
    channel.close();
  }

  public Deferred<CommandResult> exited() {
    return exited;
  }
}
