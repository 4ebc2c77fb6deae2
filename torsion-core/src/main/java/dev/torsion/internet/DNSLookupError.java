package dev.torsion.internet;

/**
 * A host name could not be resolved to an address (the JDK's {@link
 * java.net.UnknownHostException}); Twisted's {@code error.DNSLookupError}. It comes from the
 * reactor's {@link Resolver}, so from any connect by name.
 *
 * <pre>{@code
 * reactor.getResolver().resolve("no-such-host.example").addErrback(f -> {
 *   f.trap(DNSLookupError.class);
 *   System.err.println(f.getErrorMessage());   // names the host that did not resolve
 *   return null;
 * });
 * }</pre>
 */
public class DNSLookupError extends ConnectError {
  public DNSLookupError(String message) {
    super(message);
  }

  public DNSLookupError(String message, Throwable cause) {
    super(message, cause);
  }
}
