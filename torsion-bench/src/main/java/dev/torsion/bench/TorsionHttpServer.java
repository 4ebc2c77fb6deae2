package dev.torsion.bench;

import dev.torsion.internet.NioReactor;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StaticFile;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;

/**
 * Torsion's web server for the HTTP rows: a one-resource {@link Site} answering every GET with
 * {@code Hello, World!}, the counterpart of Netty's and nginx's hello world.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.TorsionHttpServer 8080            # hello world
 * java -cp ... dev.torsion.bench.TorsionHttpServer 8080 /srv/files # StaticFile over a directory
 * }</pre>
 */
public final class TorsionHttpServer {
  private static final byte[] HELLO = "Hello, World!".getBytes(StandardCharsets.US_ASCII);

  /** The hello-world leaf: same body and content type as the other servers in the table. */
  static final class Hello extends Resource {
    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    protected byte[] renderGet(Request request) {
      request.setHeader("Content-Type", "text/plain");
      return HELLO;
    }
  }

  private TorsionHttpServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    Resource root = args.length > 1 ? new StaticFile(Path.of(args[1])) : new Hello();
    NioReactor reactor = new NioReactor();
    Site site = new Site(root, reactor);
    int bound = BenchMain.port(reactor.listenTCP(port, site, 4096, "127.0.0.1"));
    BenchMain.announce(bound);
    reactor.run();
  }
}
