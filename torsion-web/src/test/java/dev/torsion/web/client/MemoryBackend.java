package dev.torsion.web.client;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Function;
import java.util.function.Supplier;

/**
 * An agent's reactor in memory: every connection the agent asks for is pumped to a {@link Site}
 * serving {@code root} (or to a hand-written server protocol), on a Clock, so a test sees exactly when bytes, closes and timers happen.
 */
final class MemoryBackend {
  final Clock clock = new Clock();
  final MemoryReactor reactor = new MemoryReactor(clock);
  final List<IOPump> pumps = new ArrayList<>();
  private final Function<IPv4Address, Protocol> servers;
  private int accepted;

  MemoryBackend(Resource root) {
    Site site = new Site(root, clock);
    servers = site::buildProtocol;
  }

  /** Each connection gets a fresh server protocol from {@code servers}. */
  MemoryBackend(Supplier<Protocol> servers) {
    this.servers = address -> servers.get();
  }

  /** Pumps every connection (accepting new ones) until nothing moves. */
  void flush() {
    boolean progress = true;
    while (progress) {
      progress = false;
      while (accepted < reactor.tcpClients.size()) {
        MemoryReactor.TcpClient call = reactor.tcpClients.get(accepted++);
        IPv4Address local = new IPv4Address("TCP", "127.0.0.1", 40000 + accepted);
        IPv4Address remote = new IPv4Address("TCP", call.host(), call.port());
        Protocol server = servers.apply(local);
        Protocol client = call.factory().buildProtocol(remote);
        pumps.add(IOPump.connect(server, client, remote, local, false));
        progress = true;
      }
      for (IOPump p : pumps) {
        progress |= p.pump();
      }
    }
  }

  /** True when every connection made is closed at both ends. */
  boolean allClosed() {
    return pumps.stream().allMatch(p -> p.serverTransport().isClosed() && p.clientTransport().isClosed());
  }
}
