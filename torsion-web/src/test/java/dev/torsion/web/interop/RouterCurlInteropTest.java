package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.web.routing.Body;
import dev.torsion.web.routing.PathParam;
import dev.torsion.web.routing.Route;
import dev.torsion.web.routing.Router;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** curl against a Router on a real socket. */
class RouterCurlInteropTest {
  private RealServer server;

  record Item(String name, int qty) {}

  static final class Shop {
    final Map<String, Item> items = new TreeMap<>();
    Reactor reactor;

    @Route(value = "/items/{name}", methods = {"PUT"})
    Item put(@PathParam("name") String name, @Body Item item) {
      Item stored = new Item(name, item.qty());
      items.put(name, stored);
      return stored;
    }

    @Route("/items")
    Deferred<List<Item>> all() {
      // answered on a later reactor turn, as work on a database would be
      Deferred<List<Item>> d = new Deferred<>();
      reactor.callLater(0, () -> d.callback(new ArrayList<>(items.values())));
      return d;
    }
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  private Processes.Result curl(String... args) throws Exception {
    return Processes.curlOk(20, args);
  }

  @Test
  void curlPutsAndListsJson() throws Exception {
    Shop shop = new Shop();
    server = new RealServer(Router.of(shop), site -> shop.reactor = (Reactor) site.getReactorTime());

    Processes.Result put = curl("-X", "PUT", "-H", "Content-Type: application/json",
        "--data-binary", "{\"name\":\"ignored\",\"qty\":3}", server.url("/items/t%C3%A9a"));
    Processes.Result list = curl("-i", server.url("/items"));
    Processes.Result wrong = curl("-i", "-X", "DELETE", server.url("/items"));

    assertThat(put.stdout()).isEqualTo("{\"name\":\"t\u00c3\u00a9a\",\"qty\":3}"); // UTF-8 bytes, read as Latin-1
    assertThat(list.stdout()).startsWith("HTTP/1.1 200 OK").contains("Content-Type: application/json")
        .endsWith("[{\"name\":\"t\u00c3\u00a9a\",\"qty\":3}]");
    assertThat(wrong.stdout()).startsWith("HTTP/1.1 405").contains("Allow: GET, HEAD, OPTIONS");
  }
}
