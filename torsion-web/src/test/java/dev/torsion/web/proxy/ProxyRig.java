package dev.torsion.web.proxy;

import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BiFunction;
import java.util.function.Function;

/**
 * A client, a proxy site and a backend site, all in memory: the proxy's agent connects through
 * a MemoryReactor, and each connection it makes is pumped to the backend (or refused).
 */
final class ProxyRig {
  final Clock clock = new Clock();
  final MemoryReactor reactor = new MemoryReactor(clock);
  final HttpAgent agent = new HttpAgent(reactor);
  final Site backend;
  final Site proxy;
  final List<IOPump> backendPumps = new ArrayList<>();
  boolean refuseConnections;
  private int connected;

  /** The client end: records what it receives (keeping at most 1 MiB; counting the rest). */
  final class Client extends Protocol {
    final ByteArrayOutputStream head = new ByteArrayOutputStream();
    long received;
    boolean lost;

    @Override public void dataReceived(byte[] data) {
      received += data.length;
      if (head.size() < (1 << 20)) {
        head.write(data, 0, Math.min(data.length, (1 << 20) - head.size()));
      }
    }

    @Override public void connectionLost(Failure reason) {
      lost = true;
    }

    String text() {
      return head.toString(StandardCharsets.ISO_8859_1);
    }

    void send(String raw) {
      transport.write(raw.getBytes(StandardCharsets.ISO_8859_1));
    }

    void sendBytes(byte[] data) {
      transport.write(data);
    }

    void close() {
      transport.loseConnection();
    }
  }

  final Client client = new Client();
  final IOPump front;

  ProxyRig(Resource backendRoot, Function<HttpAgent, Resource> proxyRoot) {
    this(backendRoot, (agent, reactor) -> proxyRoot.apply(agent));
  }

  /** For proxies that make their own agent on {@code reactor}. */
  ProxyRig(Resource backendRoot, BiFunction<HttpAgent, MemoryReactor, Resource> proxyRoot) {
    backend = new Site(backendRoot, clock);
    proxy = new Site(proxyRoot.apply(agent, reactor), clock);
    front = IOPump.connect(proxy.buildProtocol(new IPv4Address("TCP", "10.0.0.7", 50000)), client,
        IOPump.SERVER_ADDRESS, new IPv4Address("TCP", "10.0.0.7", 50000), true);
  }

  /** Pumps every connection (accepting the agent's new ones) until nothing moves. */
  void flush() {
    boolean progress = true;
    while (progress) {
      progress = step();
    }
  }

  /** One round on every connection; true if anything moved. */
  boolean step() {
    boolean progress = false;
    while (connected < reactor.tcpClients.size()) {
      MemoryReactor.TcpClient call = reactor.tcpClients.get(connected++);
      if (refuseConnections) {
        call.factory().clientConnectionFailed(call.connector(),
            Failure.of(new ConnectionRefusedError(call.host() + ":" + call.port())));
      } else {
        IPv4Address local = new IPv4Address("TCP", "127.0.0.1", 40000 + connected);
        Protocol server = backend.buildProtocol(local);
        Protocol agentSide = call.factory().buildProtocol(new IPv4Address("TCP", call.host(), call.port()));
        backendPumps.add(IOPump.connect(server, agentSide,
            new IPv4Address("TCP", call.host(), call.port()), local, false));
      }
      progress = true;
    }
    progress |= front.pump();
    for (IOPump p : backendPumps) {
      progress |= p.pump();
    }
    return progress;
  }
}
