package dev.torsion.conch.client;

import dev.torsion.conch.ssh.PtyRequest;
import dev.torsion.conch.ssh.internal.ClientSessionChannel;
import dev.torsion.conch.ssh.internal.ConnectionClient;
import dev.torsion.conch.ssh.internal.SSHWriter;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.ListeningPort;
import java.io.ByteArrayOutputStream;
import java.util.List;

/**
 * A logged-in SSH connection, made by {@link SSHClient}: runs commands, opens shells, forwards
 * ports, starts SFTP. Each method opens a channel of its own, so many can run at once. Call it
 * on the reactor thread.
 *
 * <pre>{@code
 * ssh.exec("echo hi; exit 3").addCallback(r -> r.exitStatus());   // 3, r.stdoutText() "hi\n"
 * ssh.forwardLocal("127.0.0.1", 8080, "intranet", 80);          // ssh -L 8080:intranet:80
 * ssh.sftp().addCallback(sftp -> sftp.readFile("/etc/motd"));
 * }</pre>
 */
public final class SSHConnection {
  /** Output an {@link #exec} collects; beyond this the command is cut off and the call fails. */
  public static final int MAX_OUTPUT = 64 * 1024 * 1024;

  private final ConnectionClient connection;

  SSHConnection(ConnectionClient connection) {
    this.connection = connection;
  }

  /** The algorithms agreed: kex, host key, cipher and MAC each way. */
  public List<String> negotiatedAlgorithms() {
    return connection.transport().negotiated();
  }

  /** Runs {@code command} with no input; fires once the channel closes. */
  public Deferred<CommandResult> exec(String command) {
    return exec(command, null);
  }

  /** Runs {@code command}, sending {@code stdin} (or nothing) then EOF. */
  public Deferred<CommandResult> exec(String command, byte[] stdin) {
    Deferred<CommandResult> result = new Deferred<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    Deferred<ClientSessionChannel> opened = new Deferred<>();
    connection.openSession(new ClientSessionChannel.Listener() {
      @Override
      public void dataReceived(ClientSessionChannel channel, int type, byte[] data) {
        if (out.size() + err.size() + data.length > MAX_OUTPUT) {
          channel.close();
          if (!result.called()) {
            result.errback(new SSHDisconnected(0, "output of " + command + " over "
                + MAX_OUTPUT + " bytes"));
          }
          return;
        }
        (type == 0 ? out : err).writeBytes(data);
      }

      @Override
      public void closed(ClientSessionChannel channel) {
        if (!result.called()) {
          result.callback(new CommandResult(out.toByteArray(), err.toByteArray(),
              channel.exitStatus(), channel.exitSignal()));
        }
      }
    }, opened);
    opened.addCallbacks(channel -> {
      channel.request("exec", new SSHWriter().writeString(command).toByteArray())
          .addCallback(ok -> {
            if (!ok) {
              channel.close();
              if (!result.called()) {
                result.errback(new SSHDisconnected(0, "the server refused to run " + command));
              }
              return null;
            }
            if (stdin != null) {
              channel.write(stdin);
            }
            channel.closeStdin();
            return null;
          });
      return null;
    }, failure -> {
      if (!result.called()) {
        result.errback(SSHClient.translate(failure.value()));
      }
      return null;
    });
    return result;
  }

  /**
   * Starts the user's shell, in a pseudo-terminal when {@code pty} is given; output goes to
   * {@code output} as it arrives.
   */
  public Deferred<RemoteShell> shell(PtyRequest pty, RemoteShell.Output output) {
    Deferred<RemoteShell> result = new Deferred<>();
    Deferred<ClientSessionChannel> opened = new Deferred<>();
    RemoteShell shell = new RemoteShell();
    connection.openSession(shell.listener(output), opened);
    opened.addCallbacks(channel -> {
      shell.attach(channel);
      Deferred<Boolean> ptyOk = pty == null ? Deferred.succeed(true) : channel.request("pty-req",
          new SSHWriter().writeString(pty.term()).writeUint32(pty.columns())
              .writeUint32(pty.rows()).writeUint32(pty.widthPixels())
              .writeUint32(pty.heightPixels()).writeString(pty.modes()).toByteArray());
      ptyOk.addDeferredCallback(ok -> ok ? channel.request("shell", new byte[0])
              : Deferred.succeed(false))
          .addCallbacks(ok -> {
            if (Boolean.TRUE.equals(ok)) {
              result.callback(shell);
            } else {
              channel.close();
              result.errback(new SSHDisconnected(0, "the server refused a shell"));
            }
            return null;
          }, failure -> {
            result.errback(failure.value());
            return null;
          });
      return null;
    }, failure -> {
      result.errback(SSHClient.translate(failure.value()));
      return null;
    });
    return result;
  }

  /** ssh -L: listens on {@code bindAddress:localPort} (0: any free port) and tunnels to host:port. */
  public ListeningPort forwardLocal(String bindAddress, int localPort, String host, int port) {
    return connection.forwardLocal(bindAddress, localPort, host, port);
  }

  /**
   * ssh -R: the server listens on {@code address:port} (0: it picks) and each connection there
   * is tunnelled to {@code host:targetPort} from here. Fires with the port the server listens on.
   */
  public Deferred<Integer> forwardRemote(String address, int port, String host, int targetPort) {
    return connection.forwardRemote(address, port, host, targetPort);
  }

  /** Starts the "sftp" subsystem. */
  public Deferred<SFTPClient> sftp() {
    Deferred<SFTPClient> result = new Deferred<>();
    Deferred<ClientSessionChannel> opened = new Deferred<>();
    SFTPClient client = new SFTPClient();
    connection.openSession(client.listener(), opened);
    opened.addCallbacks(channel -> {
      channel.request("subsystem", new SSHWriter().writeString("sftp").toByteArray())
          .addCallback(ok -> {
            if (!ok) {
              channel.close();
              result.errback(new SSHDisconnected(0, "the server has no sftp subsystem"));
            } else {
              client.start(channel).chainDeferred(result);
            }
            return null;
          });
      return null;
    }, failure -> {
      result.errback(SSHClient.translate(failure.value()));
      return null;
    });
    return result;
  }

  /** Disconnects (by application); open channels close. */
  public void close() {
    connection.close();
  }
}
