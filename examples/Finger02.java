import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.LineReceiver;
import dev.torsion.plugin.StartupError;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.HashMap;
import java.util.Map;

/**
 * The finger tutorial, step 2: the same server, answering from a file of {@code name: status}
 * lines instead of a map in the code.
 *
 * <pre>
 *   ./torsion run examples/Finger02.java      # reads examples/finger-users.txt (-Dfinger.users=...)
 *   echo glyph | nc localhost 1079            # Writing Twisted since 2001
 * </pre>
 *
 * The file is read once, when the application is made: a missing file stops the start with a
 * message saying which file, rather than a server that answers "No such user" to everyone.
 */
public final class Finger02 {
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

  /** Reads {@code name: status} lines; blank lines and lines starting with '#' are skipped. */
  static Map<String, String> readUsers(Path file) throws IOException {
    Map<String, String> users = new HashMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (!line.isBlank() && !line.startsWith("#") && colon > 0) {
        users.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return users;
  }

  public static Application application(Reactor reactor) {
    Path file = Path.of(System.getProperty("finger.users", "examples/finger-users.txt"));
    Map<String, String> users;
    try {
      users = readUsers(file);
    } catch (IOException e) {
      throw new StartupError("cannot read the users file " + file + ": " + e);
    }
    Application app = new Application("finger");
    Factory finger = new FingerFactory(users);
    Strports.service(System.getProperty("finger.listen", "tcp:1079"), finger, reactor).setServiceParent(app);
    return app;
  }
}
