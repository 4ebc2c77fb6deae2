package dev.torsion.internet;

/** A host name could not be resolved to an address. */
public class DNSLookupError extends ConnectError {
  public DNSLookupError(String message) {
    super(message);
  }

  public DNSLookupError(String message, Throwable cause) {
    super(message, cause);
  }
}
