package dev.torsion.protocols.finger;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.Endpoints;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;

/**
 * A finger client (RFC 1288): sends one query line and collects the answer until the server
 * closes; the {@code finger} command as a Deferred.
 *
 * <pre>{@code
 * FingerClient.finger(new TCP4ClientEndpoint(reactor, "example.org", 79), "alice")
 *     .addCallback(text -> { System.out.print(text); return null; });
 * }</pre>
 *
 * The answer is cut off (and the connection closed) after {@code maxBytes}, default 1 MiB.
 */
public final class FingerClient extends Protocol {
  /** The default bound on an answer. */
  public static final int DEFAULT_MAX_BYTES = 1 << 20;

  private final String query;
  private final int maxBytes;
  private final ByteArrayOutputStream answer = new ByteArrayOutputStream();
  private final Deferred<String> result = new Deferred<>();

  public FingerClient(String query, int maxBytes) {
    if (query.indexOf('\r') >= 0 || query.indexOf('\n') >= 0) {
      throw new IllegalArgumentException("a finger query is one line");
    }
    this.query = query;
    this.maxBytes = maxBytes;
  }

  /** Connects, asks {@code query} ("" for the user list, "/W user" for verbose), returns the text. */
  public static Deferred<String> finger(ClientEndpoint endpoint, String query) {
    FingerClient c = new FingerClient(query, DEFAULT_MAX_BYTES);
    return Endpoints.connectProtocol(endpoint, c).addDeferredCallback(p -> c.result);
  }

  /** Fires with the whole answer once the server closes. */
  public Deferred<String> answer() {
    return result;
  }

  @Override
  public void connectionMade() {
    transport.write((query + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void dataReceived(byte[] data) {
    int room = maxBytes - answer.size();
    answer.write(data, 0, Math.min(room, data.length));
    if (data.length >= room) {
      transport.loseConnection();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (!result.called()) {
      result.callback(answer.toString(StandardCharsets.UTF_8));
    }
  }
}
