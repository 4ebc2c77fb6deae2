package dev.torsion.protocols.ident;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;

/**
 * An ident client (RFC 1413), Twisted's {@code ident.IdentClient}: asks the owner of a
 * connection, one Deferred per query, answered in order.
 *
 * <pre>{@code
 * Endpoints.connectProtocol(new TCP4ClientEndpoint(reactor, peerHost, 113), new IdentClient())
 *     .addDeferredCallback(ident -> ident.lookup(6667, clientPort))
 *     .addCallback(user -> user.userId());
 * }</pre>
 */
public final class IdentClient extends LineReceiver {
  private record Query(int serverPort, int clientPort, Deferred<IdentUser> deferred) {}

  private final ArrayDeque<Query> queries = new ArrayDeque<>();

  public IdentClient() {
    this.delimiter = new byte[] {'\n'};
    this.MAX_LENGTH = IdentServer.MAX_LINE;
  }

  /**
   * Who owns the connection from the server's {@code portOnServer} to our {@code portOnClient};
   * fails with {@link IdentError} for an ERROR reply.
   */
  public Deferred<IdentUser> lookup(int portOnServer, int portOnClient) {
    if (portOnServer < 1 || portOnServer > 65535 || portOnClient < 1 || portOnClient > 65535) {
      return Deferred.fail(new IdentError(IdentError.INVALID_PORT));
    }
    Deferred<IdentUser> d = new Deferred<>();
    queries.add(new Query(portOnServer, portOnClient, d));
    transport.write((portOnServer + ", " + portOnClient + "\r\n").getBytes(StandardCharsets.US_ASCII));
    return d;
  }

  @Override
  public void lineReceived(byte[] raw) {
    Query q = queries.poll();
    if (q == null) {
      transport.loseConnection();
      return;
    }
    // ports : USERID : opsys[,charset] : user-id      or      ports : ERROR : token
    String line = new String(raw, StandardCharsets.UTF_8).strip();
    String[] parts = line.split(":", 4);
    if (parts.length >= 3 && parts[1].strip().equals("ERROR")) {
      q.deferred.errback(new IdentError(parts[2].strip()));
    } else if (parts.length == 4 && parts[1].strip().equals("USERID")) {
      String system = parts[2].strip();
      int comma = system.indexOf(',');
      q.deferred.callback(new IdentUser(comma < 0 ? system : system.substring(0, comma).strip(),
          parts[3].strip()));
    } else {
      q.deferred.errback(new IdentError(IdentError.UNKNOWN_ERROR));
    }
  }

  @Override
  public void lineLengthExceeded(byte[] line) {
    transport.loseConnection();
  }

  @Override
  public void connectionLost(Failure reason) {
    while (!queries.isEmpty()) {
      queries.poll().deferred.errback(reason.value());
    }
  }
}
