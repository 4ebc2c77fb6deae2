package dev.torsion.tap;

import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.DatagramEcho;
import dev.torsion.protocols.Echo;

/**
 * {@code torsion echo}: RFC 862, everything sent comes back, over TCP and UDP.
 *
 * <pre>{@code
 * ./torsion echo --listen tcp:8007
 * }</pre>
 */
public final class EchoPlugin extends SmallServerPlugin {
  public EchoPlugin() {
    super("echo", "RFC 862 echo server over TCP and UDP: sends back every byte", 8007);
  }

  @Override
  Factory factory(Reactor reactor) {
    return Factory.forProtocol(Echo::new);
  }

  @Override
  DatagramProtocol datagram(Reactor reactor) {
    return new DatagramEcho();
  }
}
