package dev.torsion.internet.endpoints;

import dev.torsion.internet.Reactor;
import java.util.List;
import java.util.Map;

/**
 * Turns the arguments of one kind of server description ({@code "tcp:..."}, {@code "unix:..."})
 * into an endpoint: Twisted's {@code IStreamServerEndpointStringParser}, found through {@link
 * java.util.ServiceLoader}.
 *
 * <p>To add a kind, implement this in a public class with a public no-argument constructor and
 * list it in {@code META-INF/services/dev.torsion.internet.endpoints.ServerEndpointParser}.
 * {@link EndpointArguments} does the checking and error messages.
 *
 * <pre>{@code
 * public final class ToyParser implements ServerEndpointParser {
 *   public String prefix() { return "toy"; }
 *   public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
 *     EndpointArguments a = EndpointArguments.bind("toy", args, kwargs, "port");
 *     return new TCP4ServerEndpoint(reactor, a.port("port"));
 *   }
 * }
 * }</pre>
 */
public interface ServerEndpointParser {
  /** The description's first word this parser handles, such as "tcp"; matched ignoring case. */
  String prefix();

  /**
   * Builds the endpoint from the description's positional and keyword arguments (escapes already
   * removed). Throws IllegalArgumentException naming the bad part; the caller adds the
   * description.
   */
  ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs);
}
