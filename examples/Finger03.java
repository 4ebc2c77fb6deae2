import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import dev.torsion.protocols.LineReceiver;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The finger tutorial, step 3: looking users up asynchronously. {@code getUser} now returns a
 * {@code Deferred<String>}: the file is searched on a thread ({@code Threads.deferToThread}), so a
 * slow disk never stalls the other connections, and edits to the file show at the next lookup.
 *
 * <pre>
 *   ./torsion run examples/Finger03.java
 *   echo alice | nc localhost 1079            # Out to lunch, back at two
 * </pre>
 *
 * The protocol says what to do with the answer when it comes (a callback), and what to say if
 * the lookup fails (an errback): the error is logged, and the client gets a polite line.
 */
public final class Finger03 {
  static final class FingerProtocol extends LineReceiver {
    @Override
    public void lineReceived(byte[] user) {
      FingerFactory users = (FingerFactory) factory;
      users.getUser(new String(user, StandardCharsets.UTF_8).strip())
          .addErrback(failure -> {
            Log.err(failure, "finger lookup failed");
            return "Internal error in server";
          })
          .addCallback(status -> {
            sendLine(status);
            transport.loseConnection();
            return null;
          });
    }
  }

  static final class FingerFactory extends Factory {
    private final Reactor reactor;
    private final Path file;

    FingerFactory(Reactor reactor, Path file) {
      super(FingerProtocol::new);
      this.reactor = reactor;
      this.file = file;
    }

    /** Fires with the user's status; runs the (blocking) file search on the reactor's pool. */
    Deferred<String> getUser(String user) {
      return Threads.deferToThread(reactor, () -> findUser(file, user));
    }
  }

  /** Called on a pool thread: blocking is fine here, and only here. */
  static String findUser(Path file, String user) throws IOException {
    List<String> lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    for (String line : lines) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#") && line.substring(0, colon).strip().equals(user)) {
        return line.substring(colon + 1).strip();
      }
    }
    return "No such user";
  }

  public static Application application(Reactor reactor) {
    Path file = Path.of(System.getProperty("finger.users", "examples/finger-users.txt"));
    Application app = new Application("finger");
    Factory finger = new FingerFactory(reactor, file);
    Strports.service(System.getProperty("finger.listen", "tcp:1079"), finger, reactor).setServiceParent(app);
    return app;
  }
}
