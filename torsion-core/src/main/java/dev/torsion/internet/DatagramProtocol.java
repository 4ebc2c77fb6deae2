package dev.torsion.internet;

/**
 * The logic of a UDP port, fed one datagram at a time: Twisted's {@code DatagramProtocol}.
 *
 * <pre>{@code
 * final class UdpEcho extends DatagramProtocol {
 *   @Override public void datagramReceived(byte[] data, Address from) {
 *     transport.write(data, from);
 *   }
 * }
 * reactor.listenUDP(8007, new UdpEcho());
 * }</pre>
 */
public class DatagramProtocol {
  /** The port, set before {@link #startProtocol}. */
  protected UDPPort transport;

  /** Attaches the port and calls {@link #startProtocol}. */
  public void makeConnection(UDPPort transport) {
    this.transport = transport;
    startProtocol();
  }

  /** Called when the port starts listening. */
  public void startProtocol() {}

  /** Called when the port stops listening. */
  public void stopProtocol() {}

  /** Called with each datagram and its sender. The array is the protocol's to keep. */
  public void datagramReceived(byte[] data, Address addr) {}

  /** On a connected port: the peer refused a datagram (ICMP port unreachable). */
  public void connectionRefused() {}

  public UDPPort getTransport() {
    return transport;
  }
}
