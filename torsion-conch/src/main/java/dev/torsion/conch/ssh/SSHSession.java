package dev.torsion.conch.ssh;

/**
 * The application behind one session channel (RFC 4254 6): Twisted's {@code ISession}. The
 * server calls it on the reactor thread as the client's requests arrive; it answers through the
 * {@link SessionChannel} it is given. A request method returns false to refuse.
 *
 * <pre>{@code
 * final class Hello implements SSHSession {
 *   public boolean execCommand(SessionChannel ch, String command) {
 *     ch.write(("you said " + command + "\n").getBytes(UTF_8));
 *     ch.exit(0);
 *     return true;
 *   }
 *   public boolean openShell(SessionChannel ch) { return false; }
 *   public void dataReceived(byte[] data) {}
 * }
 * }</pre>
 */
public interface SSHSession {
  /** "pty-req": the client wants a terminal. */
  default boolean ptyRequested(PtyRequest pty) {
    return false;
  }

  /** "env": an environment variable for the command or shell to come. */
  default boolean envRequested(String name, String value) {
    return false;
  }

  /** "exec": run {@code command}. */
  boolean execCommand(SessionChannel channel, String command);

  /** "shell": start the user's shell. */
  boolean openShell(SessionChannel channel);

  /** "subsystem": start {@code name} (such as "sftp"). */
  default boolean subsystemRequested(SessionChannel channel, String name) {
    return false;
  }

  /** "window-change": the terminal was resized. */
  default void windowChanged(int columns, int rows) {}

  /** "signal": deliver a signal ("INT", "TERM"...) to what runs. */
  default boolean signalReceived(String signal) {
    return false;
  }

  /** Data the client sent on the channel. */
  void dataReceived(byte[] data);

  /** The client's window opened: queued output went out, and more may be written. */
  default void channelWritable() {}

  /** The client will send no more data. */
  default void eofReceived() {}

  /** The channel is closed; stop whatever runs. */
  default void closed() {}
}
