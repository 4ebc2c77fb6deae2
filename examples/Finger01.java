import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.Map;

/**
 * The finger tutorial, step 1: a finger server (RFC 1288) answering from a map. Twisted's "The
 * Evolution of Finger", built up one file at a time (Finger01 ... Finger05).
 *
 * <pre>
 *   ./torsion run examples/Finger01.java      # listens on tcp:1079 (-Dfinger.listen=...)
 *   echo moshez | nc localhost 1079           # Happy and well
 * </pre>
 *
 * The protocol reads one line (a user name), writes that user's status and hangs up. The data
 * lives in the factory, which every connection's protocol reaches through {@code factory}.
 */
public final class Finger01 {
  static final class FingerProtocol extends LineReceiver {
    @Override
    public void lineReceived(byte[] user) {
      FingerFactory users = (FingerFactory) factory;
      sendLine(users.getUser(new String(user, StandardCharsets.UTF_8).strip()));
      transport.loseConnection();
    }
  }

  static final class FingerFactory extends Factory {
    private final Map<String, String> users;

    FingerFactory(Map<String, String> users) {
      super(FingerProtocol::new);
      this.users = users;
    }

    String getUser(String user) {
      return users.getOrDefault(user, "No such user");
    }
  }

  public static Application application(Reactor reactor) {
    Application app = new Application("finger");
    Factory finger = new FingerFactory(Map.of("moshez", "Happy and well"));
    Strports.service(System.getProperty("finger.listen", "tcp:1079"), finger, reactor).setServiceParent(app);
    return app;
  }
}
