import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Factory;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;

/**
 * An echo server as a Torsion application, the counterpart of a Twisted .tac file.
 *
 * <pre>
 *   ./torsion run examples/EchoServer.java
 *   ./torsion --daemon --pidfile echo.pid --logfile echo.log run examples/EchoServer.java
 * </pre>
 *
 * The runner compiles this file in memory and calls {@code application(reactor)}; the returned
 * Application starts with the reactor and stops gracefully on SIGTERM. Listen elsewhere with
 * {@code java -Decho.listen=tcp:9000 -jar torsion-all/target/torsion.jar run ...}.
 */
public final class EchoServer {
  /** Sends back every byte; when the client stops sending, closes after the last echoed byte. */
  static final class Echo extends Protocol implements HalfCloseableProtocol {
    @Override
    public void dataReceived(byte[] data) {
      transport.write(data);
    }

    @Override
    public void readConnectionLost() {
      transport.loseConnection();
    }
  }

  public static Application application(Reactor reactor) {
    Application app = new Application("echo");
    String listen = System.getProperty("echo.listen", "tcp:8007");
    Strports.service(listen, Factory.forProtocol(Echo::new), reactor).setServiceParent(app);
    return app;
  }
}
