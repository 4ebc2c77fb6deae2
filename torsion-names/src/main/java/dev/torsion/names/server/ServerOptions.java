package dev.torsion.names.server;

/**
 * The limits and switches of a {@link DNSServerFactory}, with safe defaults.
 *
 * <pre>{@code
 * ServerOptions o = ServerOptions.defaults().withRecursive(true).withResponsesPerSecond(50);
 * }</pre>
 *
 * @param recursive the upstream resolver recurses (forwards): set RA in every response
 * @param maxOutstandingPerConnection TCP queries in flight on one connection before it is closed
 * @param tcpIdleTimeout seconds a TCP connection may sit without a query
 * @param responsesPerSecond UDP responses per second to one source address; 0 for no limit
 * @param maxUdpPayload the largest UDP response we send, whatever EDNS asks for
 */
public record ServerOptions(boolean recursive, int maxOutstandingPerConnection,
    double tcpIdleTimeout, int responsesPerSecond, int maxUdpPayload) {
  public static ServerOptions defaults() {
    return new ServerOptions(false, 16, 30, 200, 1232);
  }

  public ServerOptions withRecursive(boolean on) {
    return new ServerOptions(on, maxOutstandingPerConnection, tcpIdleTimeout,
        responsesPerSecond, maxUdpPayload);
  }

  public ServerOptions withResponsesPerSecond(int n) {
    return new ServerOptions(recursive, maxOutstandingPerConnection, tcpIdleTimeout, n,
        maxUdpPayload);
  }

  public ServerOptions withTcpIdleTimeout(double seconds) {
    return new ServerOptions(recursive, maxOutstandingPerConnection, seconds,
        responsesPerSecond, maxUdpPayload);
  }

  public ServerOptions withMaxOutstandingPerConnection(int n) {
    return new ServerOptions(recursive, n, tcpIdleTimeout, responsesPerSecond, maxUdpPayload);
  }
}
