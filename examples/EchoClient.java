import dev.torsion.application.Application;
import dev.torsion.application.Service;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;

/**
 * The echo server's client: sends one line, prints what comes back, and stops.
 *
 * <pre>
 *   ./torsion run examples/EchoServer.java            # in one terminal
 *   ./torsion run examples/EchoClient.java            # in another: prints "echoed: hello, world"
 * </pre>
 *
 * Elsewhere: {@code java -Decho.connect=tcp:HOST:PORT -Decho.message=hi -jar
 * torsion-all/target/torsion.jar run examples/EchoClient.java}.
 */
public final class EchoClient {
  /** Sends {@code message} on connecting; fires {@code reply} with the first line back. */
  static final class Client extends LineReceiver {
    final Deferred<String> reply = new Deferred<>();
    private final String message;

    Client(String message) {
      this.message = message;
    }

    @Override
    public void connectionMade() {
      sendLine(message);
    }

    @Override
    public void lineReceived(byte[] line) {
      reply.callback(new String(line, StandardCharsets.UTF_8));
      transport.loseConnection();
    }

    @Override
    public void connectionLost(Failure reason) {
      if (!reply.called()) { // the server hung up before answering
        reply.errback(reason);
      }
    }
  }

  /** Sends one line to the echo server at {@code where}; fires with the line it sends back. */
  static Deferred<String> echo(Reactor reactor, String where, String message) {
    return Endpoints.connectProtocol(Endpoints.clientFromString(reactor, where), new Client(message))
        .addDeferredCallback(client -> client.reply.addTimeout(10, reactor));
  }

  public static Application application(Reactor reactor) {
    String where = System.getProperty("echo.connect", "tcp:localhost:8007");
    String message = System.getProperty("echo.message", "hello, world");
    Application app = new Application("echo-client");
    // A client is a service too: it starts with the reactor, and stops the reactor when done.
    new Service() {
      @Override
      public Deferred<Void> startService() {
        super.startService();
        echo(reactor, where, message).addCallbacks(
            line -> {
              System.out.println("echoed: " + line);
              return null;
            },
            failure -> {
              System.out.println("echo failed: " + failure.getErrorMessage());
              return null;
            })
            .addBoth(ignored -> {
              reactor.stop();
              return null;
            });
        return null;
      }
    }.setServiceParent(app);
    return app;
  }
}
