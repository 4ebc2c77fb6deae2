package dev.torsion.web.routing;

import static org.assertj.core.api.Assertions.assertThat;

import com.fasterxml.jackson.databind.JsonNode;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.web.Headers;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.Response;
import dev.torsion.web.server.Site;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

/** Torsion's own Agent talking to a Router through an in-memory connection. */
class RouterOverIOPumpTest {
  record Counter(String name, long value) {}

  @Test
  void theAgentPostsAndReadsJsonOverOneKeptAliveConnection() throws Exception {
    Clock clock = new Clock();
    MemoryReactor reactor = new MemoryReactor(clock);
    AtomicLong count = new AtomicLong();
    Router router = Router.builder()
        .post("/counters/{name}", (request, params) -> {
          Map<?, ?> body = Json.read(request, Map.class);
          long by = ((Number) body.get("by")).longValue();
          return new Counter(params.get("name"), count.addAndGet(by));
        })
        .build();
    Site site = new Site(router, clock);
    HttpAgent agent = new HttpAgent(reactor);
    List<IOPump> pumps = new ArrayList<>();
    Runnable flush = () -> {
      boolean moved = true;
      while (moved) {
        moved = false;
        while (pumps.size() < reactor.tcpClients.size()) {
          MemoryReactor.TcpClient call = reactor.tcpClients.get(pumps.size());
          IPv4Address server = new IPv4Address("TCP", call.host(), call.port());
          Protocol client = call.factory().buildProtocol(server);
          pumps.add(IOPump.connect(site.buildProtocol(server), client, server,
              new IPv4Address("TCP", "127.0.0.1", 50000 + pumps.size()), false));
          moved = true;
        }
        for (IOPump p : pumps) {
          moved |= p.pump();
        }
      }
    };
    List<String> bodies = new ArrayList<>();
    Headers json = new Headers().add("Content-Type", "application/json");

    for (int by : new int[] {2, 5}) {
      agent.request("POST", "http://api.test/counters/hits", json,
              BodyProducer.of(("{\"by\":" + by + "}").getBytes(StandardCharsets.UTF_8)))
          .addDeferredCallback(Response::readBody)
          .addCallback(b -> bodies.add(new String(b, StandardCharsets.UTF_8)));
      flush.run();
    }

    assertThat(bodies).hasSize(2);
    JsonNode last = Json.mapper().readTree(bodies.get(1));
    assertThat(last.get("name").asText()).isEqualTo("hits");
    assertThat(last.get("value").asLong()).isEqualTo(7);
    assertThat(reactor.tcpClients).hasSize(1);
    agent.getPool().closeCachedConnections();
    flush.run();
  }
}
