package dev.torsion.names;

/**
 * A lookup or transfer that failed for a reason other than an rcode: the server broke off, sent
 * something that is not an answer, or exceeded a limit.
 *
 * <pre>{@code
 * DNSClient.transferZone(reactor, primary, "example.com", 30).addErrback(f -> ...);
 * }</pre>
 */
public class DNSResolverFailure extends DNSError {
  public DNSResolverFailure(String message) {
    super(message);
  }
}
