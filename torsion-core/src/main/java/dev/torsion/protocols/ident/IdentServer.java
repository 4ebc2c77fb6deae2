package dev.torsion.protocols.ident;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;

/**
 * An ident server (RFC 1413), Twisted's {@code twisted.protocols.ident.IdentServer}: answers each
 * {@code port-on-server , port-on-client} line with the {@link IdentLookup}'s user or error.
 *
 * <pre>{@code
 * reactor.listenTCP(113, IdentServer.factory((s, c, peer) -> Deferred.succeed(new IdentUser("UNIX", "ircd"))));
 * // -> "6191, 23"      <- "6191, 23 : USERID : UNIX : ircd"
 * // -> "0, 23"         <- "0, 23 : ERROR : INVALID-PORT"
 * }</pre>
 *
 * A line over {@value #MAX_LINE} bytes, or more than {@value #MAX_QUERIES} queries on one
 * connection, closes it.
 */
public final class IdentServer extends LineReceiver {
  /** RFC 1413 section 6 bounds a reply at 1000 characters; a query is far shorter. */
  public static final int MAX_LINE = 1000;
  /** Queries answered on one connection before it is closed. */
  public static final int MAX_QUERIES = 100;

  private final IdentLookup lookup;
  private int queries;

  public IdentServer(IdentLookup lookup) {
    this.lookup = lookup;
    this.delimiter = new byte[] {'\n'};
    this.MAX_LENGTH = MAX_LINE;
  }

  public static Factory factory(IdentLookup lookup) {
    return Factory.forProtocol(() -> new IdentServer(lookup));
  }

  /** The two ports of a query line, or null when it is not one (RFC 1413 section 6 grammar). */
  public static int[] parseQuery(String line) {
    String[] parts = line.strip().split("\\s*,\\s*", -1);
    if (parts.length != 2 || !parts[0].matches("\\d{1,5}") || !parts[1].matches("\\d{1,5}")) {
      return null;
    }
    return new int[] {Integer.parseInt(parts[0]), Integer.parseInt(parts[1])};
  }

  @Override
  public void lineReceived(byte[] raw) {
    if (++queries > MAX_QUERIES) {
      transport.loseConnection();
      return;
    }
    String line = new String(raw, StandardCharsets.ISO_8859_1).strip();
    int[] ports = parseQuery(line);
    if (ports == null) {
      // Not a port pair: there is nothing to echo back; Twisted closes too.
      transport.loseConnection();
      return;
    }
    String head = ports[0] + ", " + ports[1];
    if (ports[0] < 1 || ports[0] > 65535 || ports[1] < 1 || ports[1] > 65535) {
      sendLine(head + " : ERROR : " + IdentError.INVALID_PORT);
      return;
    }
    Deferred<IdentUser> d;
    try {
      d = lookup.lookup(ports[0], ports[1], transport.getPeer());
    } catch (RuntimeException e) {
      d = Deferred.fail(e);
    }
    d.addCallbacks(user -> {
      reply(head + " : USERID : " + clean(user.system()) + " : " + clean(user.userId()));
      return null;
    }, f -> {
      String code = f.value() instanceof IdentError e ? e.code() : IdentError.UNKNOWN_ERROR;
      reply(head + " : ERROR : " + code);
      return null;
    });
  }

  private void reply(String line) {
    if (isConnected()) {
      sendLine(line.length() > MAX_LINE ? line.substring(0, MAX_LINE) : line);
    }
  }

  /** A field may not carry the line's delimiters or separators. */
  private static String clean(String s) {
    return s.replaceAll("[\\x00-\\x1f\\x7f:,]", "");
  }

  @Override
  public void sendLine(String line) {
    transport.write((line + "\r\n").getBytes(StandardCharsets.UTF_8));
  }

  @Override
  public void lineLengthExceeded(byte[] line) {
    transport.loseConnection();
  }
}
