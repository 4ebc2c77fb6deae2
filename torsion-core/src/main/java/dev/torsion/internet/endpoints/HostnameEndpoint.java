package dev.torsion.internet.endpoints;

import dev.torsion.internet.Address;
import dev.torsion.internet.CancelledError;
import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.internal.HappyEyeballs;
import java.net.InetAddress;
import java.util.List;

/**
 * A host name and port to connect to over every address the name has: Twisted's {@code
 * HostnameEndpoint}, with "Happy Eyeballs" (RFC 8305).
 *
 * <p>The name is resolved with {@code reactor.getResolver()}; the addresses are tried with IPv6
 * and IPv4 interleaved, a new attempt starting 250 ms after the previous one (or at once if it
 * failed) while the earlier ones go on. The first to connect wins and the rest are cancelled, so
 * a host with a broken IPv6 route costs a quarter of a second, not a timeout. If every attempt
 * fails, the Deferred fails with the last error; if the name does not resolve, with {@link
 * DNSLookupError}.
 *
 * <pre>{@code
 * new HostnameEndpoint(reactor, "example.com", 80)
 *     .connect(Factory.forProtocol(HttpClient::new))
 *     .addCallback(p -> ...);
 * }</pre>
 */
public final class HostnameEndpoint implements ClientEndpoint {
  /** RFC 8305 section 5's recommended Connection Attempt Delay, in seconds. */
  public static final double DEFAULT_ATTEMPT_DELAY = 0.25;

  private final Reactor reactor;
  private final String host;
  private final int port;
  private final double timeout;
  private final Address bindAddress;
  private final double attemptDelay;

  /** {@code host:port}, with a 30-second timeout per attempt. */
  public HostnameEndpoint(Reactor reactor, String host, int port) {
    this(reactor, host, port, 30, null, DEFAULT_ATTEMPT_DELAY);
  }

  /**
   * {@code host:port}; each attempt gives up after {@code timeout} seconds and is bound to {@code
   * bindAddress} if not null; attempts start {@code attemptDelay} seconds apart.
   */
  public HostnameEndpoint(
      Reactor reactor,
      String host,
      int port,
      double timeout,
      Address bindAddress,
      double attemptDelay) {
    this.reactor = reactor;
    this.host = host;
    this.port = port;
    this.timeout = timeout;
    this.bindAddress = bindAddress;
    this.attemptDelay = attemptDelay;
  }

  @Override
  public Deferred<Protocol> connect(Factory factory) {
    HappyEyeballs[] race = new HappyEyeballs[1];
    Deferred<List<InetAddress>> resolution;
    try {
      resolution = reactor.getResolver().resolve(host);
    } catch (RuntimeException e) {
      resolution = Deferred.fail(e);
    }
    Deferred<List<InetAddress>> lookup = resolution;
    Deferred<Protocol> result =
        new Deferred<>(
            d -> {
              d.errback(new CancelledError("connecting to " + host + ":" + port + " was cancelled"));
              if (race[0] != null) {
                race[0].cancel();
              } else {
                lookup.cancel();
              }
            });
    lookup.addCallbacks(
        addresses -> {
          if (result.called()) {
            return null;
          }
          if (addresses.isEmpty()) {
            result.errback(new DNSLookupError("no addresses for hostname '" + host + "'"));
            return null;
          }
          race[0] =
              HappyEyeballs.start(
                  reactor,
                  attemptDelay,
                  HappyEyeballs.interleave(addresses),
                  address ->
                      TCP4ClientEndpoint.connectTCP(
                          reactor, address.getHostAddress(), port, timeout, bindAddress, factory),
                  result);
          return null;
        },
        failure -> {
          if (!result.called()) {
            result.errback(dnsError(failure));
          }
          return null;
        });
    return result;
  }

  private Throwable dnsError(Failure failure) {
    Throwable cause = failure.value();
    if (cause instanceof DNSLookupError) {
      return cause;
    }
    return new DNSLookupError("couldn't find the hostname '" + host + "'", cause);
  }

  public String getHost() {
    return host;
  }

  public int getPort() {
    return port;
  }

  @Override
  public String toString() {
    return "HostnameEndpoint[" + host + ":" + port + "]";
  }
}
