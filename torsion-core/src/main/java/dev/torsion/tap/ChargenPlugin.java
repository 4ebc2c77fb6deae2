package dev.torsion.tap;

import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.Chargen;
import dev.torsion.protocols.DatagramChargen;

/**
 * {@code torsion chargen}: RFC 864, an endless stream of characters paced by the reader over TCP,
 * and up to 512 characters in answer to each datagram over UDP.
 *
 * <pre>{@code
 * ./torsion chargen --listen tcp:8019 --udp 8019
 * }</pre>
 */
public final class ChargenPlugin extends SmallServerPlugin {
  public ChargenPlugin() {
    super("chargen", "RFC 864 character generator over TCP and UDP: streams lines as fast as the client reads", 8019);
  }

  @Override
  Factory factory(Reactor reactor) {
    return Factory.forProtocol(() -> new Chargen(reactor));
  }

  @Override
  DatagramProtocol datagram(Reactor reactor) {
    return new DatagramChargen();
  }
}
