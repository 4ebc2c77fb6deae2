import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * A chat room for telnet clients: pick a name, then every line you type goes to everyone else.
 * Commands: {@code /nick NAME}, {@code /who}, {@code /quit}.
 *
 * <pre>
 *   ./torsion run examples/ChatServer.java        # listens on tcp:8123 (-Dchat.listen=...)
 *   telnet localhost 8123
 * </pre>
 *
 * The registry of users lives in the factory, shared by every connection's protocol. No locks:
 * every connection's events run on the one reactor thread.
 */
public final class ChatServer {
  /** The room: who is here, by name, in the order they joined. */
  static final class Room extends Factory {
    final Map<String, Chatter> users = new LinkedHashMap<>();

    @Override
    public Protocol buildProtocol(Address addr) {
      return new Chatter(this);
    }

    void broadcast(String line, Chatter except) {
      for (Chatter user : new ArrayList<>(users.values())) {
        if (user != except) {
          user.sendLine(line);
        }
      }
    }
  }

  /** One connected user. Until they have a name, lines they send are name attempts. */
  static final class Chatter extends LineReceiver {
    private final Room room;
    private String name;

    Chatter(Room room) {
      this.room = room;
    }

    @Override
    public void connectionMade() {
      sendLine("Welcome! What's your name?");
    }

    @Override
    public void lineReceived(byte[] bytes) {
      String line = new String(bytes, StandardCharsets.UTF_8).strip();
      if (name == null) {
        join(line);
      } else if (line.startsWith("/nick ")) {
        rename(line.substring(6).strip());
      } else if (line.equals("/who")) {
        sendLine("Here: " + String.join(", ", room.users.keySet()));
      } else if (line.equals("/quit")) {
        sendLine("Bye!");
        transport.loseConnection();
      } else if (!line.isEmpty()) {
        room.broadcast("<" + name + "> " + line, this);
      }
    }

    private void join(String wanted) {
      if (isAcceptable(wanted)) {
        name = wanted;
        room.users.put(name, this);
        sendLine("Hello, " + name + "! Here: " + String.join(", ", room.users.keySet()));
        room.broadcast("* " + name + " has joined", this);
      }
    }

    private void rename(String wanted) {
      if (isAcceptable(wanted)) {
        room.users.remove(name);
        room.users.put(wanted, this);
        room.broadcast("* " + name + " is now known as " + wanted, null);
        name = wanted;
      }
    }

    private boolean isAcceptable(String wanted) {
      if (wanted.isEmpty() || wanted.length() > 20 || !wanted.matches("[\\p{L}\\p{N}_.-]+")) {
        sendLine("Names are 1 to 20 letters, digits, '_', '.' or '-'. Try another:");
        return false;
      }
      if (room.users.containsKey(wanted)) {
        sendLine("Name taken, please choose another:");
        return false;
      }
      return true;
    }

    @Override
    public void connectionLost(Failure reason) {
      // Whatever they were half-way through typing is dropped with the connection: LineReceiver
      // only delivers complete lines.
      if (name != null) {
        room.users.remove(name);
        room.broadcast("* " + name + " has left", null);
      }
    }
  }

  public static Application application(Reactor reactor) {
    Application app = new Application("chat");
    String listen = System.getProperty("chat.listen", "tcp:8123");
    Strports.service(listen, new Room(), reactor).setServiceParent(app);
    return app;
  }
}
