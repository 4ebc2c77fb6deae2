import dev.torsion.application.Application;
import dev.torsion.application.ClientService;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.words.irc.IRCClient;
import java.io.BufferedWriter;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.LocalTime;

/**
 * Twisted's ircLogBot: joins a channel, writes everything said there to a file, and answers when
 * addressed by name. It stays connected through {@link ClientService}, which reconnects with
 * backoff whenever the connection drops.
 *
 * <pre>
 *   ./torsion words --irc tcp:6667 &amp;
 *   ./torsion run examples/LogBot.java -- tcp:localhost:6667 '#torsion' torsion.log
 * </pre>
 */
public final class LogBot extends IRCClient {
  private final String channel;
  private final BufferedWriter log;

  LogBot(String channel, BufferedWriter log) {
    this.nickname = "logbot";
    this.channel = channel;
    this.log = log;
  }

  @Override
  protected void signedOn() {
    join(channel);
  }

  @Override
  protected void joined(String channel) {
    write("[I have joined " + channel + "]");
  }

  @Override
  protected void privmsg(String user, String channel, String message) {
    String nick = IRCClient.nick(user);
    if (channel.equals(nickname)) { // a private message
      msg(nick, "It isn't nice to whisper! Play nice with the group.");
      return;
    }
    write("<" + nick + "> " + message);
    if (message.startsWith(nickname + ":")) {
      msg(channel, nick + ": I am a log bot");
      write("<" + nickname + "> " + nick + ": I am a log bot");
    }
  }

  @Override
  protected void action(String user, String channel, String data) {
    write("* " + IRCClient.nick(user) + " " + data);
  }

  @Override
  protected void userRenamed(String oldname, String newname) {
    write(oldname + " is now known as " + newname);
  }

  @Override
  protected String alterCollidedNick(String nickname) {
    return nickname + "^"; // logbot is taken: try logbot^
  }

  @Override
  public void connectionLost(Failure reason) {
    write("[disconnected: " + reason.getErrorMessage() + "]");
    super.connectionLost(reason);
  }

  private void write(String line) {
    // A small local append per line, as ircLogBot does; a busy channel would hand this to a thread.
    try {
      log.write(LocalTime.now().withNano(0) + " " + line + "\n");
      log.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  /** {@code ./torsion run examples/LogBot.java -- [ENDPOINT [CHANNEL [LOGFILE]]]}. */
  public static Application application(Reactor reactor, String[] args) throws IOException {
    String where = args.length > 0 ? args[0] : "tcp:localhost:6667";
    String channel = args.length > 1 ? args[1] : "#torsion";
    Path file = Path.of(args.length > 2 ? args[2] : "channel.log");
    BufferedWriter log = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Application app = new Application("logbot");
    new ClientService(Endpoints.clientFromString(reactor, where),
        Factory.forProtocol(() -> new LogBot(channel, log)), reactor).setServiceParent(app);
    return app;
  }
}
