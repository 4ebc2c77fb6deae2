package dev.torsion.internet.endpoints.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Producer;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Transport;
import dev.torsion.internet.internal.ProtocolSwitchable;
import java.nio.ByteBuffer;
import java.util.List;

/**
 * The transport a protocol behind a PROXY header sees: the connection's own, except that {@link
 * #getPeer()} is the client the header named (so access logs and every log line that prints the
 * peer show the client, not the load balancer) and {@link #getHost()} the address the client
 * connected to. STARTTLS works through it: the TLS layer goes between the header reader and
 * the user's protocol.
 */
final class ProxiedTransport implements ProtocolSwitchable {
  private final Transport below;
  private final HAProxyProtocol reader;
  private final Address peer;
  private final Address host;

  ProxiedTransport(Transport below, HAProxyProtocol reader, Address peer, Address host) {
    this.below = below;
    this.reader = reader;
    this.peer = peer;
    this.host = host;
  }

  @Override
  public Address getPeer() {
    return peer;
  }

  @Override
  public Address getHost() {
    return host;
  }

  @Override
  public void write(byte[] data) {
    below.write(data);
  }

  @Override
  public void write(ByteBuffer data) {
    below.write(data);
  }

  @Override
  public void writeSequence(List<byte[]> data) {
    below.writeSequence(data);
  }

  @Override
  public void loseConnection() {
    below.loseConnection();
  }

  @Override
  public void abortConnection() {
    below.abortConnection();
  }

  @Override
  public void loseWriteConnection() {
    below.loseWriteConnection();
  }

  @Override
  public void setTcpNoDelay(boolean enabled) {
    below.setTcpNoDelay(enabled);
  }

  @Override
  public void setTcpKeepAlive(boolean enabled) {
    below.setTcpKeepAlive(enabled);
  }

  @Override
  public boolean isDisconnecting() {
    return below.isDisconnecting();
  }

  @Override
  public void setWriteBufferWaterMarks(int lowWater, int highWater) {
    below.setWriteBufferWaterMarks(lowWater, highWater);
  }

  @Override
  public long getWriteBufferSize() {
    return below.getWriteBufferSize();
  }

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    below.registerProducer(producer, streaming);
  }

  @Override
  public void unregisterProducer() {
    below.unregisterProducer();
  }

  @Override
  public void pauseProducing() {
    below.pauseProducing();
  }

  @Override
  public void resumeProducing() {
    below.resumeProducing();
  }

  @Override
  public void stopProducing() {
    below.stopProducing();
  }

  // ---- ProtocolSwitchable: STARTTLS puts its layer in as the reader's current protocol ----

  @Override
  public Protocol currentProtocol() {
    return reader.current;
  }

  @Override
  public void switchProtocol(Protocol protocol) {
    if (below.isDisconnecting()) {
      throw new IllegalStateException("cannot switch protocols on a closing connection: " + this);
    }
    reader.current = java.util.Objects.requireNonNull(protocol, "protocol");
  }

  @Override
  public ReactorTime reactorTime() {
    return below instanceof ProtocolSwitchable ? ((ProtocolSwitchable) below).reactorTime() : null;
  }

  @Override
  public String toString() {
    return "<" + below + " proxied for " + peer + ">";
  }
}
