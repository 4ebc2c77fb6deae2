package dev.torsion.internet.internal;

import dev.torsion.internet.Protocol;

/**
 * A protocol that stands in front of another and passes its events on, sharing its transport
 * (the endpoints' wrapper that fires the connect Deferred is one). STARTTLS looks through it, so
 * that the protocol that asked for TLS is the one whose transport becomes the TLS transport.
 *
 * <pre>{@code
 * final class Wrapper extends Protocol implements ProtocolWrapper {
 *   public Protocol wrappedProtocol() { return inner; }
 * }
 * }</pre>
 */
public interface ProtocolWrapper {
  /** The protocol this one passes its events to. */
  Protocol wrappedProtocol();
}
