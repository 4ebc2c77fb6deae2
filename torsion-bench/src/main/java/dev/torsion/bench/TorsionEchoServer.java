package dev.torsion.bench;

import dev.torsion.internet.Factory;
import dev.torsion.internet.NioReactor;
import dev.torsion.internet.ssl.KeyMaterial;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.protocols.Echo;
import java.nio.file.Path;

/**
 * Torsion's side of the echo, ping-pong, TLS and idle-connection rows: {@link NioReactor} with
 * the stock {@link Echo} protocol, optionally behind TLS on the JDK's SSLEngine.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.TorsionEchoServer 9000
 * java -cp ... dev.torsion.bench.TorsionEchoServer 9443 --tls server.pem
 * }</pre>
 */
public final class TorsionEchoServer {
  private TorsionEchoServer() {}

  public static void main(String[] args) {
    int port = Integer.parseInt(args[0]);
    String pem = BenchMain.option(args, "--tls", null);
    NioReactor reactor = new NioReactor();
    Factory factory = Factory.forProtocol(Echo::new);
    if (pem != null) {
      TLSOptions options = TLSOptions.forServer(KeyMaterial.fromPem(Path.of(pem))).build();
      factory = TLS.wrapFactory(factory, options, reactor);
    }
    BenchMain.announce(BenchMain.port(reactor.listenTCP(port, factory, 4096, "127.0.0.1")));
    reactor.run();
  }
}
