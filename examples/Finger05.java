import dev.torsion.application.Application;
import dev.torsion.application.Service;
import dev.torsion.application.Strports;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Log;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import dev.torsion.internet.task.LoopingCall;
import dev.torsion.protocols.LineReceiver;
import dev.torsion.web.Html;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * The finger tutorial, step 5: the server as services in an Application. A {@code FingerService}
 * owns the users: it reads the file when it starts and again every 30 seconds, and hands out the
 * finger factory and the web resource (Twisted's {@code getFingerFactory}/{@code getResource}).
 * The application starts its services in order, so the ports open only once the users are loaded.
 *
 * <pre>
 *   ./torsion run examples/Finger05.java      # -Dfinger.users= -Dfinger.listen= -Dfinger.web=
 *   echo moshez | nc localhost 1079
 *   curl http://localhost:8000/
 * </pre>
 *
 * If the file cannot be read at start, the application does not start (the runner says why and
 * exits 1); if a later re-read fails, the error is logged and the last good list stays in use.
 */
public final class Finger05 {
  static final class FingerService extends Service {
    private final Reactor reactor;
    private final Path file;
    private final double reloadSeconds;
    private Map<String, String> users = Map.of();
    private LoopingCall reload;
    private Deferred<LoopingCall> reloadStopped;

    FingerService(Reactor reactor, Path file, double reloadSeconds) {
      this.reactor = reactor;
      this.file = file;
      this.reloadSeconds = reloadSeconds;
    }

    @Override
    public Deferred<Void> startService() {
      super.startService();
      return load().addCallback(loaded -> {
        reload = new LoopingCall(reactor, () -> load().addErrback(failure -> {
          Log.err(failure, "cannot re-read " + file + "; keeping the last good users");
          return null;
        }));
        reloadStopped = reload.start(reloadSeconds, false);
        return null;
      });
    }

    @Override
    public Deferred<Void> stopService() {
      super.stopService();
      if (reload == null || !reload.isRunning()) {
        return null;
      }
      reload.stop();
      // Stopped means stopped: wait for a re-read already running on a thread to finish.
      return reloadStopped.addCallback(loop -> null);
    }

    /** Reads the file on a pool thread, then swaps the new users in on the reactor thread. */
    private Deferred<Void> load() {
      return Threads.deferToThread(reactor, () -> readUsers(file)).addCallback(fresh -> {
        users = fresh;
        return null;
      });
    }

    Deferred<String> getUser(String user) {
      return Deferred.succeed(users.getOrDefault(user, "No such user"));
    }

    Deferred<List<String>> getUsers() {
      return Deferred.succeed(new ArrayList<>(users.keySet()));
    }

    Factory getFingerFactory() {
      return Factory.forProtocol(() -> new FingerProtocol(this));
    }

    Resource getResource() {
      return new UserList(this);
    }
  }

  static Map<String, String> readUsers(Path file) throws IOException {
    Map<String, String> users = new TreeMap<>();
    for (String line : Files.readAllLines(file, StandardCharsets.UTF_8)) {
      int colon = line.indexOf(':');
      if (colon > 0 && !line.startsWith("#")) {
        users.put(line.substring(0, colon).strip(), line.substring(colon + 1).strip());
      }
    }
    return users;
  }

  static final class FingerProtocol extends LineReceiver {
    private final FingerService service;

    FingerProtocol(FingerService service) {
      this.service = service;
    }

    @Override
    public void lineReceived(byte[] user) {
      service.getUser(new String(user, StandardCharsets.UTF_8).strip()).addCallback(status -> {
        sendLine(status);
        transport.loseConnection();
        return null;
      });
    }
  }

  static final class UserList extends Resource {
    private final FingerService service;

    UserList(FingerService service) {
      this.service = service;
    }

    @Override
    public Resource getChild(String name, Request request) {
      return name.isEmpty() ? this : new UserPage(service, name);
    }

    @Override
    protected byte[] renderGet(Request request) {
      service.getUsers().addCallback(names -> {
        StringBuilder html = new StringBuilder("<h1>Users</h1><ul>");
        for (String name : names) {
          String n = Html.escape(name);
          html.append("<li><a href=\"").append(n).append("\">").append(n).append("</a></li>");
        }
        finish(request, html.append("</ul>").toString());
        return null;
      });
      return Site.NOT_DONE_YET;
    }
  }

  static final class UserPage extends Resource {
    private final FingerService service;
    private final String name;

    UserPage(FingerService service, String name) {
      this.service = service;
      this.name = name;
    }

    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    protected byte[] renderGet(Request request) {
      service.getUser(name).addCallback(status -> {
        finish(request, "<h1>" + Html.escape(name) + "</h1><p>" + Html.escape(status) + "</p>");
        return null;
      });
      return Site.NOT_DONE_YET;
    }
  }

  static void finish(Request request, String html) {
    request.setHeader("Content-Type", "text/html; charset=utf-8");
    request.writeAndFinish(html.getBytes(StandardCharsets.UTF_8));
  }

  public static Application application(Reactor reactor) {
    Path file = Path.of(System.getProperty("finger.users", "examples/finger-users.txt"));
    FingerService finger = new FingerService(reactor, file, 30);
    Application app = new Application("finger");
    finger.setServiceParent(app); // first: the ports below start once the users are loaded
    Strports.service(System.getProperty("finger.listen", "tcp:1079"), finger.getFingerFactory(), reactor)
        .setServiceParent(app);
    Strports.service(System.getProperty("finger.web", "tcp:8000"), new Site(finger.getResource(), reactor), reactor)
        .setServiceParent(app);
    return app;
  }
}
