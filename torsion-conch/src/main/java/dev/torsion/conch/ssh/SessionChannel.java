package dev.torsion.conch.ssh;

/**
 * The server's end of a session channel, as an {@link SSHSession} sees it: Twisted's {@code
 * SSHSession} channel. Writes are queued and sent as the client's window allows.
 *
 * <pre>{@code
 * channel.write(output);
 * channel.exit(0);   // exit-status, EOF and close, once the output is sent
 * }</pre>
 */
public interface SessionChannel {
  /** Sends data (the command's stdout). */
  void write(byte[] data);

  /** Sends extended data type 1 (the command's stderr). */
  void writeExtended(byte[] data);

  /** The pty the client asked for, or null. */
  PtyRequest pty();

  /** Bytes queued for the client and not yet sent (the window is closed). */
  long queuedBytes();

  /**
   * Paces {@code producer} by the client's window: paused when too much output waits for the
   * window to open, resumed when most of it has gone (a process's output, say).
   */
  void registerProducer(dev.torsion.internet.PushProducer producer);

  /** Sends "exit-status", then EOF and close once all queued data is out. */
  void exit(int status);

  /** Sends "exit-signal" (signal name without "SIG"), then EOF and close. */
  void exitSignal(String signal, boolean coreDumped, String message);

  /** Closes the channel at once. */
  void close();
}
