package dev.torsion.protocols.socks;

import dev.torsion.internet.ConnectError;

/**
 * The SOCKS proxy refused to connect us, or did not speak SOCKS: a {@link ConnectError} carrying
 * the proxy's reply code (RFC 1928 section 6, or SOCKS4's 91-93), -1 when there was none.
 *
 * <pre>{@code
 * new SOCKS5ClientEndpoint("example.com", 80, proxy).connect(factory).addErrback(f -> {
 *   if (f.value() instanceof SOCKSError e && e.replyCode() == 5) { ... }   // refused there
 *   return null;
 * });
 * }</pre>
 */
public final class SOCKSError extends ConnectError {
  private static final long serialVersionUID = 1L;

  private final int replyCode;

  public SOCKSError(String message, int replyCode) {
    super(message);
    this.replyCode = replyCode;
  }

  /** The proxy's reply code, or -1 for a failure before or outside a reply. */
  public int replyCode() {
    return replyCode;
  }
}
