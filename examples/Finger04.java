import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import dev.torsion.protocols.LineReceiver;
import dev.torsion.web.Html;
import dev.torsion.web.Http;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The finger tutorial, step 4: the same users over HTTP too. One lookup ({@code getUser}, still
 * a Deferred) now serves two protocols: finger on tcp:1079 and a web site on tcp:8000, where
 * {@code /} lists the users and {@code /NAME} shows one.
 *
 * <pre>
 *   ./torsion run examples/Finger04.java      # -Dfinger.listen=... -Dfinger.web=...
 *   echo moshez | nc localhost 1079
 *   curl http://localhost:8000/moshez         # &lt;h1&gt;moshez&lt;/h1&gt;&lt;p&gt;Happy and well&lt;/p&gt;
 * </pre>
 *
 * A web page that waits for a Deferred returns {@code Site.NOT_DONE_YET} from its render method
 * and finishes the request in the callback, as in Twisted.
 */
public final class Finger04 {
  static final class FingerProtocol extends LineReceiver {
    @Override
    public void lineReceived(byte[] user) {
      Users users = ((FingerFactory) factory).users;
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
    final Users users;

    FingerFactory(Users users) {
      super(FingerProtocol::new);
      this.users = users;
    }
  }

  /** The lookups of step 3, now shared by the finger factory and the web resources. */
  record Users(Reactor reactor, Path file) {
    Deferred<String> getUser(String user) {
      return Threads.deferToThread(reactor, () -> {
        for (String[] entry : read(file)) {
          if (entry[0].equals(user)) {
            return entry[1];
          }
        }
        return "No such user";
      });
    }

    Deferred<List<String>> getUsers() {
      return Threads.deferToThread(reactor, () -> {
        List<String> names = new ArrayList<>();
        for (String[] entry : read(file)) {
          names.add(entry[0]);
        }
        return names;
      });
    }

    /** The {@code name: status} entries; blocking, so only ever called on a pool thread. */
    static List<String[]> read(Path file) throws IOException {
      List<String[]> entries = new ArrayList<>();
      for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
        int colon = line.indexOf(':');
        if (colon > 0 && !line.startsWith("#")) {
          entries.add(new String[] {line.substring(0, colon).strip(), line.substring(colon + 1).strip()});
        }
      }
      return entries;
    }
  }

  /** {@code /}: the list of users, each a link to its page; {@code /NAME}: that user. */
  static final class UserList extends Resource {
    private final Users users;

    UserList(Users users) {
      this.users = users;
    }

    @Override
    public Resource getChild(String name, Request request) {
      return name.isEmpty() ? this : new UserPage(users, name);
    }

    @Override
    protected byte[] renderGet(Request request) {
      answer(request, users.getUsers().addCallback(names -> {
        StringBuilder html = new StringBuilder("<h1>Users</h1><ul>");
        for (String name : names) {
          String n = Html.escape(name);
          html.append("<li><a href=\"").append(n).append("\">").append(n).append("</a></li>");
        }
        return html.append("</ul>").toString();
      }));
      return Site.NOT_DONE_YET;
    }
  }

  static final class UserPage extends Resource {
    private final Users users;
    private final String name;

    UserPage(Users users, String name) {
      this.users = users;
      this.name = name;
    }

    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    protected byte[] renderGet(Request request) {
      answer(request, users.getUser(name).addCallback(status ->
          "<h1>" + Html.escape(name) + "</h1><p>" + Html.escape(status) + "</p>"));
      return Site.NOT_DONE_YET;
    }
  }

  /** Finishes {@code request} with the page {@code html} fires with, or a 500 if it fails. */
  static void answer(Request request, Deferred<String> html) {
    request.setHeader("Content-Type", "text/html; charset=utf-8");
    html.addErrback(failure -> {
      Log.err(failure, "finger web lookup failed");
      request.setResponseCode(Http.INTERNAL_SERVER_ERROR);
      return "<h1>Internal error in server</h1>";
    }).addCallback(page -> {
      request.writeAndFinish(page.getBytes(StandardCharsets.UTF_8));
      return null;
    });
  }

  public static Application application(Reactor reactor) {
    Users users = new Users(reactor, Path.of(System.getProperty("finger.users", "examples/finger-users.txt")));
    Application app = new Application("finger");
    Strports.service(System.getProperty("finger.listen", "tcp:1079"), new FingerFactory(users), reactor)
        .setServiceParent(app);
    Strports.service(System.getProperty("finger.web", "tcp:8000"), new Site(new UserList(users), reactor), reactor)
        .setServiceParent(app);
    return app;
  }
}
