package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;

/**
 * Puts a PROXY header reader in front of every connection, building the user's protocol only
 * once the header has said who the client is: Twisted's {@code HAProxyWrappingFactory}. Holds no
 * per-connection state, so one instance serves every reactor of a group.
 */
public final class HAProxyFactory extends Factory {
  private final Factory wrapped;
  private final ReactorTime time;
  private final double timeoutSeconds;
  private final int maxHeaderBytes;

  public HAProxyFactory(Factory wrapped, ReactorTime time, double timeoutSeconds, int maxHeaderBytes) {
    this.wrapped = wrapped;
    this.time = time;
    this.timeoutSeconds = timeoutSeconds;
    this.maxHeaderBytes = maxHeaderBytes;
  }

  // Factory.doStart/doStop are final; our own first start and last stop pass through instead.
  @Override
  public void startFactory() {
    wrapped.doStart();
  }

  @Override
  public void stopFactory() {
    wrapped.doStop();
  }

  /** The port's log lines ("Site starting on ...") name the user's factory, not this wrapper. */
  @Override
  public String logPrefix() {
    return wrapped.logPrefix();
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    return new HAProxyProtocol(wrapped, time, timeoutSeconds, new ProxyHeaderParser(maxHeaderBytes));
  }

  @Override
  public String toString() {
    return "HAProxy(" + wrapped + ")";
  }
}
