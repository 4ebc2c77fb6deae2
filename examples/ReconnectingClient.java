import dev.torsion.application.Application;
import dev.torsion.application.ClientService;
import dev.torsion.application.RetryPolicy;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A client that stays connected: a bot that keeps itself in the room of ChatServer.java, and
 * rejoins when the server restarts. A {@code ClientService} reconnects with backoff whenever the
 * connection fails or drops; the bot's session (pick a name, greet newcomers) starts over on each
 * new connection, while what must outlive one (here, a count of sessions) lives in the factory.
 *
 * <pre>
 *   ./torsion run examples/ChatServer.java               # in one terminal
 *   ./torsion run examples/ReconnectingClient.java       # in another (-Dbot.connect=... -Dbot.name=...)
 *   # stop and restart the chat server: the bot comes back within a few seconds
 * </pre>
 *
 * Twisted's older way, {@code ReconnectingClientFactory}, does the same for {@code connectTCP};
 * a ClientService works with any endpoint and stops cleanly with the application.
 */
public final class ReconnectingClient {
  static final class BotFactory extends Factory {
    final String name;
    int sessions;

    BotFactory(String name) {
      super(() -> new Bot());
      this.name = name;
    }
  }

  static final class Bot extends LineReceiver {
    private static final Pattern JOINED = Pattern.compile("\\* (\\S+) has joined");
    private boolean inRoom;

    @Override
    public void lineReceived(byte[] bytes) {
      BotFactory bot = (BotFactory) factory;
      String line = new String(bytes, StandardCharsets.UTF_8);
      System.out.println("[" + bot.name + "] " + line);
      if (!inRoom) {
        if (line.startsWith("Welcome!")) {
          sendLine(bot.name);
        } else if (line.startsWith("Name taken")) {
          sendLine(bot.name + "_");
        } else if (line.startsWith("Hello, ")) {
          inRoom = true;
          sendLine("I am here (session " + ++bot.sessions + ")");
        }
        return;
      }
      Matcher joined = JOINED.matcher(line);
      if (joined.matches()) {
        sendLine("Welcome, " + joined.group(1) + "!");
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      System.out.println("[" + ((BotFactory) factory).name + "] disconnected: " + reason.getErrorMessage());
    }
  }

  public static Application application(Reactor reactor) {
    String where = System.getProperty("bot.connect", "tcp:localhost:8123");
    Application app = new Application("bot");
    // Wait 1 s, 2 s, 4 s ... at most 10 s (plus up to 1 s of jitter) between attempts.
    RetryPolicy retry = RetryPolicy.backoff(0.5, 10, 2);
    new ClientService(Endpoints.clientFromString(reactor, where),
        new BotFactory(System.getProperty("bot.name", "bot")), reactor, retry).setServiceParent(app);
    return app;
  }
}
