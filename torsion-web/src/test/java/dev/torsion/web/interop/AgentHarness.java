package dev.torsion.web.interop;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.web.server.Resource;
import java.util.function.Supplier;

/** A real server and reactor for client tests in other packages. */
public final class AgentHarness implements AutoCloseable {
  private final RealServer server;

  public AgentHarness(Resource root) {
    server = new RealServer(root, site -> { });
  }

  public Reactor reactor() {
    return server.reactor;
  }

  public String url(String path) {
    return server.url(path);
  }

  public <T> T call(Supplier<Deferred<T>> action) throws Exception {
    return server.call(action);
  }

  @Override
  public void close() throws Exception {
    server.close();
  }
}
