package dev.torsion.examples;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.Endpoints;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * Sends some bytes over a real socket and collects everything the server says until it hangs
 * up: enough for finger and an HTTP/1.0 request, which both end with the server closing.
 *
 * <pre>{@code
 * RawClient.exchange(reactor, port, "moshez\r\n").addCallback(reply -> ...);
 * }</pre>
 */
final class RawClient extends Protocol {
  private final String request;
  private final ByteArrayOutputStream received = new ByteArrayOutputStream();
  private final Deferred<String> reply = new Deferred<>();

  private RawClient(String request) {
    this.request = request;
  }

  /** Fires with all the server sent, once it closed the connection (within 10 seconds). */
  static Deferred<String> exchange(Reactor reactor, int port, String request) {
    RawClient client = new RawClient(request);
    return Endpoints.connectProtocol(Endpoints.clientFromString(reactor, "tcp:127.0.0.1:" + port), client)
        .addDeferredCallback(c -> c.reply.addTimeout(10, reactor));
  }

  /** An HTTP/1.0 GET of {@code path}; fires with the whole response, head and body. */
  static Deferred<String> httpGet(Reactor reactor, int port, String path) {
    return exchange(reactor, port, "GET " + path + " HTTP/1.0\r\nHost: localhost\r\n\r\n");
  }

  @Override
  public void connectionMade() {
    transport.write(request.getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void dataReceived(byte[] data) {
    received.write(data, 0, data.length);
  }

  @Override
  public void connectionLost(Failure reason) {
    reply.callback(received.toString(StandardCharsets.UTF_8));
  }
}
