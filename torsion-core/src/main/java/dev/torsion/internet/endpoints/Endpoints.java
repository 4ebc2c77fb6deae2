package dev.torsion.internet.endpoints;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.internal.Description;
import java.util.Iterator;
import java.util.List;
import java.util.Locale;
import java.util.ServiceConfigurationError;
import java.util.ServiceLoader;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Builds endpoints from description strings, as in a command line or a configuration file:
 * Twisted's {@code serverFromString}, {@code clientFromString} and {@code connectProtocol}.
 *
 * <p>A description is a type, then arguments separated by colons, positional or {@code
 * name=value}; a backslash escapes a colon, an equals sign or itself ({@link
 * #quoteStringArgument} adds the escapes). Built in:
 *
 * <pre>
 *   server: tcp:8080   tcp:port=8080:interface=127.0.0.1:backlog=50   tcp6:8080:interface=::1
 *           unix:/tmp/s.sock:mode=600:lockfile=1   unix:address=/tmp/s.sock
 *   client: tcp:example.com:80   tcp:host=example.com:port=80:timeout=30:bindAddress=10.0.0.2
 *           unix:/tmp/s.sock   unix:path=/tmp/s.sock:timeout=5:checkPID=1
 * </pre>
 *
 * <p>Other types (such as {@code ssl:} and {@code tls:}) come from {@link ServerEndpointParser}
 * and {@link ClientEndpointParser} implementations found by {@link ServiceLoader}. A bad
 * description throws IllegalArgumentException naming the bad part and the description, such as
 * {@code unknown endpoint type 'tpc' in 'tpc:80'} or {@code bad port 'x' in 'tcp:x'}.
 *
 * <pre>{@code
 * Endpoints.serverFromString(reactor, "tcp:8007").listen(Factory.forProtocol(Echo::new));
 * Endpoints.connectProtocol(Endpoints.clientFromString(reactor, "tcp:localhost:8007"), new Client())
 *     .addCallback(client -> client.sendLine("hello"));
 * }</pre>
 */
public final class Endpoints {
  private static final Logger log = LoggerFactory.getLogger(Endpoints.class);

  private Endpoints() {}

  /** The server endpoint {@code description} names; see the class comment for the syntax. */
  public static ServerEndpoint serverFromString(Reactor reactor, String description) {
    return build(
        description,
        type -> find(ServerEndpointParser.class, type, ServerEndpointParser::prefix),
        (parser, d) -> ((ServerEndpointParser) parser).parse(reactor, d.args().subList(1, d.args().size()), d.kwargs()));
  }

  /** The client endpoint {@code description} names; see the class comment for the syntax. */
  public static ClientEndpoint clientFromString(Reactor reactor, String description) {
    return build(
        description,
        type -> find(ClientEndpointParser.class, type, ClientEndpointParser::prefix),
        (parser, d) -> ((ClientEndpointParser) parser).parse(reactor, d.args().subList(1, d.args().size()), d.kwargs()));
  }

  private interface Build<E> {
    E apply(Object parser, Description d);
  }

  private static <E> E build(
      String description, Function<String, Object> parserFor, Build<E> build) {
    if (description == null || description.isBlank()) {
      throw new IllegalArgumentException("empty endpoint description");
    }
    try {
      Description d = Description.parse(description);
      String type = d.args().isEmpty() ? "" : d.args().get(0);
      if (type.isEmpty()) {
        throw new IllegalArgumentException("missing endpoint type");
      }
      Object parser = parserFor.apply(type);
      if (parser == null) {
        throw new IllegalArgumentException("unknown endpoint type '" + type + "'");
      }
      return build.apply(parser, d);
    } catch (IllegalArgumentException e) {
      String message = String.valueOf(e.getMessage());
      String where = " in '" + description + "'";
      if (message.endsWith(where)) {
        throw e;
      }
      throw new IllegalArgumentException(message + where, e);
    }
  }

  private static <P> P find(Class<P> kind, String type, Function<P, String> prefix) {
    String wanted = type.toLowerCase(Locale.ROOT);
    for (ClassLoader loader : loaders()) {
      Iterator<P> parsers = ServiceLoader.load(kind, loader).iterator();
      while (true) {
        P parser;
        try {
          if (!parsers.hasNext()) {
            break;
          }
          parser = parsers.next();
        } catch (ServiceConfigurationError broken) {
          // One broken plugin (a listed class missing from the class path) must not take
          // "tcp:" down with it; the iterator goes on with the next provider.
          log.warn("skipping a broken {}: {}", kind.getSimpleName(), broken.getMessage());
          continue;
        }
        if (prefix.apply(parser).toLowerCase(Locale.ROOT).equals(wanted)) {
          return parser;
        }
      }
    }
    return null;
  }

  private static List<ClassLoader> loaders() {
    ClassLoader own = Endpoints.class.getClassLoader();
    ClassLoader context = Thread.currentThread().getContextClassLoader();
    // Plugins may sit in an application class loader that is not ours (a container, a runner).
    return context == null || context == own ? List.of(own) : List.of(context, own);
  }

  /**
   * Connects {@code protocol} itself (not one made by a factory) through {@code endpoint}: the
   * Deferred fires with it once connected. Twisted's {@code connectProtocol}.
   */
  @SuppressWarnings("unchecked")
  public static <P extends Protocol> Deferred<P> connectProtocol(ClientEndpoint endpoint, P protocol) {
    Factory oneShot =
        new Factory() {
          @Override
          public Protocol buildProtocol(Address addr) {
            protocol.setFactory(this);
            return protocol;
          }
        };
    return (Deferred<P>) (Deferred<?>) endpoint.connect(oneShot);
  }

  /**
   * Escapes backslashes, colons and equals signs in {@code argument} so that it can be put in a
   * description (a Windows path, an IPv6 address). Twisted's {@code quoteStringArgument}, which
   * leaves '=' alone; escaping it too keeps a positional argument such as a path containing '='
   * from being read as an option.
   */
  public static String quoteStringArgument(String argument) {
    return argument.replace("\\", "\\\\").replace(":", "\\:").replace("=", "\\=");
  }
}
