package dev.torsion.internet;

import java.nio.ByteBuffer;

/**
 * A protocol that reads straight from its reactor's read buffer, for code that looks at each
 * read once and keeps nothing (relays, echo, parsers that copy only what they keep): a TCP
 * connection then hands it the bytes in place, with no {@code byte[]} made and copied per read.
 *
 * <p>A {@link Protocol} that implements this gets {@link #bufferReceived} instead of
 * {@code dataReceived} from a TCP or UNIX stream connection. The buffer is the reactor's own
 * (direct, 64 KiB, shared by every connection of that reactor thread), holding exactly the bytes
 * just read between its position and limit, and is good only until the call returns: copy what
 * you keep. It may be handed, itself, to this connection's {@code transport.write(ByteBuffer)},
 * which sends what the socket takes at once straight from it (no copy at all for an echo or a
 * relay that keeps up) and copies only what has to wait. Anywhere else, including another
 * transport, copy first. Layers above the socket (TLS, wrappers such as a service's connection
 * tracking) deliver {@code dataReceived} as usual, so implement both.
 *
 * <pre>{@code
 * final class Relay extends Protocol implements BufferReceiver {
 *   public void dataReceived(byte[] data) { transport.write(data); }
 *   public void bufferReceived(ByteBuffer data) { transport.write(data); }
 * }
 * }</pre>
 */
public interface BufferReceiver {
  /** The bytes just read, from position to limit, valid only during this call (see above). */
  void bufferReceived(ByteBuffer data);
}
