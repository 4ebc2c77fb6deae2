package dev.torsion.tap;

import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.DatagramDaytime;
import dev.torsion.protocols.Daytime;

/**
 * {@code torsion daytime}: RFC 867, the date and time as text, over TCP and UDP.
 *
 * <pre>{@code
 * ./torsion daytime --listen tcp:8013
 * }</pre>
 */
public final class DaytimePlugin extends SmallServerPlugin {
  public DaytimePlugin() {
    super("daytime", "RFC 867 daytime server over TCP and UDP: answers with the date and time", 8013);
  }

  @Override
  Factory factory(Reactor reactor) {
    return Factory.forProtocol(Daytime::new);
  }

  @Override
  DatagramProtocol datagram(Reactor reactor) {
    return new DatagramDaytime();
  }
}
