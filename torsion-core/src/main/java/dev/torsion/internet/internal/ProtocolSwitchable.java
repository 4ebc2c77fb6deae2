package dev.torsion.internet.internal;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Transport;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSOptions;

/**
 * A transport that can hand its events to a different protocol mid-connection: the one hook a
 * transport needs for {@link Transport#startTLS}. {@link TLS#startTLS} puts a TLS layer in as
 * the transport's protocol and makes the old protocol the layer's application; a transport
 * implementing this interface gets a working {@code startTLS} from the default method.
 *
 * <pre>{@code
 * final class MyTransport implements ProtocolSwitchable {
 *   private Protocol protocol;
 *   public Protocol currentProtocol() { return protocol; }
 *   public void switchProtocol(Protocol p) { protocol = p; }   // later reads and close go to p
 *   public ReactorTime reactorTime() { return reactor; }
 * }
 * }</pre>
 */
public interface ProtocolSwitchable extends Transport {
  /** The protocol that currently receives dataReceived and connectionLost. */
  Protocol currentProtocol();

  /**
   * Sends every later dataReceived, readConnectionLost and transportClosed to {@code protocol}.
   * Must not call {@code makeConnection}: the caller does that.
   */
  void switchProtocol(Protocol protocol);

  /** The clock for the TLS handshake timeout; null for no timeout. */
  ReactorTime reactorTime();

  @Override
  default void startTLS(TLSOptions options) {
    TLS.startTLS(this, options);
  }
}
