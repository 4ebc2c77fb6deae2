package dev.torsion.tap;

import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.DatagramDiscard;
import dev.torsion.protocols.Discard;

/**
 * {@code torsion discard}: RFC 863, everything sent is thrown away, over TCP and UDP.
 *
 * <pre>{@code
 * ./torsion discard --listen tcp:8009
 * }</pre>
 */
public final class DiscardPlugin extends SmallServerPlugin {
  public DiscardPlugin() {
    super("discard", "RFC 863 discard server over TCP and UDP: reads and ignores everything", 8009);
  }

  @Override
  Factory factory(Reactor reactor) {
    return Factory.forProtocol(Discard::new);
  }

  @Override
  DatagramProtocol datagram(Reactor reactor) {
    return new DatagramDiscard();
  }
}
