package dev.torsion.internet.endpoints;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.endpoints.internal.HAProxyFactory;
import dev.torsion.internet.ssl.TLS;
import dev.torsion.internet.ssl.TLSServerEndpoint;
import java.util.Objects;

/**
 * A server endpoint behind a load balancer that speaks the PROXY protocol (HAProxy's {@code
 * send-proxy} or {@code send-proxy-v2}, also nginx, AWS NLB, Envoy): what {@code haproxy:}
 * descriptions build, Twisted's {@code HAProxyServerEndpoint} wrapping any other server endpoint.
 *
 * <p>Each connection must start with a version 1 or 2 header (TCP4, TCP6, UNIX, or
 * UNKNOWN/LOCAL/UNSPEC for the balancer's own health checks, which keep the real addresses;
 * TLVs are skipped). The protocol then sees the client's address in {@code
 * transport.getPeer()}, so an access log or any log line printing the peer names the client.
 * A connection that sends anything else, or no complete header within {@link
 * #DEFAULT_TIMEOUT_SECONDS}, is closed before the factory builds a protocol for it; a header is
 * at most {@link #DEFAULT_MAX_HEADER_BYTES}.
 *
 * <p>Over TLS ({@code haproxy:ssl:8443:privateKey=key.pem}) the header is read in plaintext
 * before the handshake, which is what HAProxy sends in TCP mode (TLS passthrough) and with
 * {@code ssl} on its server line. Only put this endpoint where the balancer alone can reach it:
 * anyone who can connect can claim any address.
 *
 * <pre>{@code
 * ServerEndpoint e = Endpoints.serverFromString(reactor, "haproxy:tcp:8080:interface=127.0.0.1");
 * // or: new HAProxyServerEndpoint(new TCP4ServerEndpoint(reactor, 8080), reactor)
 * e.listen(Factory.forProtocol(Echo::new));   // Echo's transport.getPeer() is the client
 * }</pre>
 */
public final class HAProxyServerEndpoint implements ServerEndpoint {
  /** How long a connection may take to send its header. */
  public static final double DEFAULT_TIMEOUT_SECONDS = 10;
  /** The largest v2 header accepted, TLVs included (a v1 header is at most 107 bytes). */
  public static final int DEFAULT_MAX_HEADER_BYTES = 4096;

  private final ServerEndpoint inner;
  private final ReactorTime time;
  private final double timeoutSeconds;
  private final int maxHeaderBytes;

  /** PROXY headers in front of {@code inner}, with the default timeout and size limit. */
  public HAProxyServerEndpoint(ServerEndpoint inner, ReactorTime time) {
    this(inner, time, DEFAULT_TIMEOUT_SECONDS, DEFAULT_MAX_HEADER_BYTES);
  }

  /**
   * As above, with the header timeout ({@code 0} for none) and the largest header (at least 232
   * bytes, the size of a v2 UNIX header); {@code time} runs the timeout.
   */
  public HAProxyServerEndpoint(
      ServerEndpoint inner, ReactorTime time, double timeoutSeconds, int maxHeaderBytes) {
    this.inner = Objects.requireNonNull(inner, "inner");
    this.time = time;
    if (timeoutSeconds < 0 || Double.isNaN(timeoutSeconds)) {
      throw new IllegalArgumentException("bad PROXY header timeout " + timeoutSeconds);
    }
    if (maxHeaderBytes < 232) {
      throw new IllegalArgumentException("a PROXY header limit below 232 bytes refuses valid v2 headers");
    }
    this.timeoutSeconds = timeoutSeconds;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  @Override
  public Deferred<ListeningPort> listen(Factory factory) {
    if (inner instanceof TLSServerEndpoint) {
      // The balancer's header comes before the TLS handshake: read it beneath the TLS layer.
      TLSServerEndpoint tls = (TLSServerEndpoint) inner;
      return tls.getInner().listen(proxied(TLS.wrapFactory(factory, tls.getOptions(), time)));
    }
    return inner.listen(proxied(factory));
  }

  private Factory proxied(Factory factory) {
    return new HAProxyFactory(factory, time, timeoutSeconds, maxHeaderBytes);
  }

  public ServerEndpoint getInner() {
    return inner;
  }

  @Override
  public String toString() {
    return "HAProxy over " + inner;
  }
}
