package dev.torsion.internet;

/** A connection closed uncleanly: reset by the peer, an I/O error, or aborted. */
public class ConnectionLost extends ConnectionClosed {
  public ConnectionLost(String message) {
    super(message);
  }

  public ConnectionLost(String message, Throwable cause) {
    super(message, cause);
  }
}
