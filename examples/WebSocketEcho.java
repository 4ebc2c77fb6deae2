import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Reactor;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;

/**
 * A WebSocket echo server at {@code /echo}: every text and binary message comes back as it
 * was sent, the server that the Autobahn test suite's fuzzing client and most WebSocket tools
 * expect. permessage-deflate (RFC 7692) is agreed when the client offers it; pings are
 * answered by the connection itself.
 *
 * <pre>
 *   ./torsion run examples/WebSocketEcho.java -- tcp:9001
 *   python3 -m websockets ws://localhost:9001/echo
 * </pre>
 */
public final class WebSocketEcho {
  /** Sends each message straight back, text as text and binary as binary. */
  static final class Echo extends WebSocketProtocol {
    @Override
    public void textMessageReceived(String message) {
      sendText(message);
    }

    @Override
    public void binaryMessageReceived(byte[] message) {
      sendBinary(message);
    }
  }

  /** The site: {@code /echo} is the WebSocket, the rest 404. */
  static Site site(Reactor reactor) {
    Resource root = new Resource();
    root.putChild("echo", new WebSocketResource(request -> new Echo()));
    return new Site(root, reactor);
  }

  public static Application application(Reactor reactor, String[] args) {
    Application app = new Application("websocket-echo");
    String listen = args.length > 0 ? args[0] : "tcp:9001";
    Strports.service(listen, site(reactor), reactor).setServiceParent(app);
    return app;
  }
}
