/**
 * Ready-made protocols and framings to build on: Twisted's {@code twisted.protocols.basic} and
 * {@code twisted.protocols.wire}.
 *
 * <p>The framings turn a byte stream into messages: {@link dev.torsion.protocols.LineReceiver}
 * (lines, with a raw mode for bodies), {@link dev.torsion.protocols.LineOnlyReceiver}, the
 * length-prefixed {@link dev.torsion.protocols.Int8StringReceiver}, {@link
 * dev.torsion.protocols.Int16StringReceiver} and {@link dev.torsion.protocols.Int32StringReceiver},
 * and {@link dev.torsion.protocols.NetstringReceiver}. Each accepts chunks of any size, one byte
 * at a time included, bounds what it buffers with {@code MAX_LENGTH}, and hands messages over as
 * {@code byte[]} the receiver may keep. Subclass one and override its {@code lineReceived} or
 * {@code stringReceived}, as in Twisted.
 *
 * <p>The wire protocols are the classic small services: {@link dev.torsion.protocols.Echo}
 * (RFC 862), {@link dev.torsion.protocols.Discard} (863), {@link dev.torsion.protocols.Chargen}
 * (864), {@link dev.torsion.protocols.QOTD} (865) and {@link dev.torsion.protocols.Daytime} (867),
 * with datagram variants ({@code DatagramEcho} and so on). {@link
 * dev.torsion.protocols.FileSender} streams a file into a transport.
 *
 * <pre>{@code
 * reactor.listenTCP(7, Factory.forProtocol(Echo::new));
 * }</pre>
 */
package dev.torsion.protocols;
