import static java.nio.charset.StandardCharsets.UTF_8;

import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Reactor;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.websocket.CloseCodes;
import dev.torsion.web.websocket.WebSocketOptions;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;

/**
 * A chat room in the browser: the page at {@code /} opens a WebSocket to {@code /chat} on the
 * same Site, picks a nick, and every line anyone sends reaches everyone, with notices when
 * people join and leave. The tutorial's ChatServer, one level up.
 *
 * <pre>
 *   ./torsion run examples/WebSocketChat.java -- tcp:8080      # then open http://localhost:8080/
 *   ./torsion run examples/WebSocketChat.java -- tcp:8080 https://chat.example.com   # behind a proxy
 * </pre>
 *
 * <p>The protocol, one text message each way: the client's first message is its nick (1-24
 * letters, digits, '_' or '-'; a taken or bad one is answered {@code "! ..."} and may be tried
 * again), every later one a line to say. The server sends {@code "<nick> line"} for what was
 * said and {@code "* ..."} notices. A message past {@value #MAX_MESSAGE} bytes closes the
 * connection with 1009 (the WebSocket layer checks it before keeping the bytes); a handshake
 * whose Origin is neither this site's own (the Host it was asked for) nor one given on the
 * command line is refused with 403, so another site's page cannot chat in its visitors' names.
 */
public final class WebSocketChat {
  static final int MAX_MESSAGE = 2048;
  static final String SUBPROTOCOL = "chat";

  /** Everyone in the room, by nick, in the order they joined; touched only on the reactor thread. */
  static final class Room {
    private final Map<String, Chatter> members = new LinkedHashMap<>();

    void broadcast(String message) {
      for (Chatter c : new ArrayList<>(members.values())) {
        c.sendText(message);
      }
    }
  }

  /** One browser (or any WebSocket client) in the room. */
  static final class Chatter extends WebSocketProtocol {
    private final Room room;
    private String nick;

    Chatter(Room room) {
      this.room = room;
    }

    @Override
    public void onOpen() {
      sendText("* welcome: send your nick");
    }

    @Override
    public void textMessageReceived(String message) {
      String line = message.strip();
      if (nick == null) {
        join(line);
      } else if (!line.isEmpty()) {
        room.broadcast("<" + nick + "> " + line);
      }
    }

    private void join(String wanted) {
      if (!wanted.matches("[A-Za-z0-9_-]{1,24}")) {
        sendText("! a nick is 1-24 letters, digits, '_' or '-'");
      } else if (room.members.containsKey(wanted.toLowerCase(Locale.ROOT))) {
        sendText("! " + wanted + " is taken, pick another");
      } else {
        nick = wanted;
        List<String> here = new ArrayList<>();
        room.members.values().forEach(c -> here.add(c.nick));
        room.members.put(wanted.toLowerCase(Locale.ROOT), this);
        sendText("* here already: " + (here.isEmpty() ? "nobody" : String.join(", ", here)));
        room.broadcast("* " + nick + " joined");
      }
    }

    @Override
    public void binaryMessageReceived(byte[] message) {
      close(CloseCodes.UNSUPPORTED_DATA, "this chat speaks text");
    }

    @Override
    public void onClose(int code, String reason) {
      if (nick != null && room.members.remove(nick.toLowerCase(Locale.ROOT)) == this) {
        room.broadcast("* " + nick + " left");
      }
    }
  }

  /** The page: plain HTML and a little script, every line shown with textContent (never as HTML). */
  static final class Page extends Resource {
    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    protected byte[] renderGet(Request request) {
      request.setHeader("Content-Type", "text/html; charset=utf-8");
      request.setHeader("Content-Security-Policy", "default-src 'self'; script-src 'unsafe-inline'; "
          + "style-src 'unsafe-inline'; connect-src 'self' ws: wss:");
      return PAGE.replace("$MAX", Integer.toString(MAX_MESSAGE)).getBytes(UTF_8);
    }
  }

  /**
   * True when the handshake's Origin is this site's own (scheme and the Host the browser asked
   * for) or one of {@code extra}. A request without Origin is not from a browser page, which
   * always sends one (RFC 6455 4.1 item 8), and is allowed.
   */
  static boolean originAllowed(Request request, Set<String> extra) {
    String origin = request.getHeader("Origin");
    if (origin == null) {
      return true;
    }
    origin = origin.trim().toLowerCase(Locale.ROOT);
    String host = request.getHeader("Host");
    String own = (request.isSecure() ? "https://" : "http://")
        + (host == null ? "" : host.trim().toLowerCase(Locale.ROOT));
    return origin.equals(own) || extra.contains(origin);
  }

  /** The site: the page at {@code /}, the room's WebSocket at {@code /chat}. */
  static Site site(Reactor reactor, Set<String> extraOrigins) {
    Room room = new Room();
    WebSocketOptions options = WebSocketOptions.builder()
        .maxFrameSize(MAX_MESSAGE)
        .maxMessageSize(MAX_MESSAGE)
        .subprotocols(List.of(SUBPROTOCOL))
        .build();
    Resource root = new Resource();
    root.putChild("", new Page());
    // A null protocol answers the handshake 403: the origin check, per request, as the Host varies.
    root.putChild("chat", new WebSocketResource(
        request -> originAllowed(request, extraOrigins) ? new Chatter(room) : null, options));
    return new Site(root, reactor);
  }

  public static Application application(Reactor reactor, String[] args) {
    Application app = new Application("websocket-chat");
    String listen = args.length > 0 ? args[0] : "tcp:8080";
    Set<String> extra = new java.util.HashSet<>();
    for (int i = 1; i < args.length; i++) {
      extra.add(args[i].toLowerCase(Locale.ROOT));
    }
    Strports.service(listen, site(reactor, Set.copyOf(extra)), reactor).setServiceParent(app);
    return app;
  }

  static final String PAGE = """
      <!doctype html>
      <html lang="en">
      <head>
      <meta charset="utf-8">
      <title>Torsion chat</title>
      <style>
        body { font: 16px sans-serif; max-width: 40em; margin: 2em auto; }
        #log { list-style: none; padding: 0; min-height: 10em; border: 1px solid #ccc; }
        #log li { padding: 0.2em 0.5em; } .notice { color: #666; } .error { color: #b00; }
      </style>
      </head>
      <body>
      <h1>Torsion chat</h1>
      <ul id="log"></ul>
      <form id="join"><input id="nick" placeholder="your nick" maxlength="24" required>
        <button>Join</button></form>
      <form id="say" hidden><input id="text" maxlength="$MAX" autocomplete="off" size="50">
        <button>Send</button></form>
      <script>
      const log = document.getElementById('log');
      const join = document.getElementById('join'), say = document.getElementById('say');
      function show(line) {
        const li = document.createElement('li');
        li.textContent = line;
        li.className = line.startsWith('* ') ? 'notice' : line.startsWith('! ') ? 'error' : '';
        log.appendChild(li);
      }
      const url = (location.protocol === 'https:' ? 'wss://' : 'ws://') + location.host + '/chat';
      const ws = new WebSocket(url, 'chat');
      ws.onmessage = m => {
        show(m.data);
        if (m.data.startsWith('* here already')) { join.hidden = true; say.hidden = false; }
      };
      ws.onclose = c => { show('* disconnected (' + c.code + (c.reason ? ' ' + c.reason : '') + ')'); say.hidden = true; };
      join.onsubmit = e => { e.preventDefault(); ws.send(document.getElementById('nick').value); };
      say.onsubmit = e => {
        e.preventDefault();
        const text = document.getElementById('text');
        if (text.value) { ws.send(text.value); }
        text.value = '';
      };
      </script>
      </body>
      </html>
      """;
}
