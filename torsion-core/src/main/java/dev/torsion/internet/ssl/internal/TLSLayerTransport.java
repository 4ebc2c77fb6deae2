package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.Address;
import dev.torsion.internet.Producer;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.ssl.TLSTransport;
import java.nio.ByteBuffer;
import java.security.cert.Certificate;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import javax.net.ssl.SSLPeerUnverifiedException;
import javax.net.ssl.SSLSession;

/**
 * The transport an application protocol sees above a {@link TLSLayer}: plaintext in, plaintext
 * out. Writes are queued (by reference, as every transport does) and encrypted as soon as the
 * handshake allows; everything else is passed to the transport below.
 */
public final class TLSLayerTransport implements TLSTransport {
  private final TLSLayer layer;

  TLSLayerTransport(TLSLayer layer) {
    this.layer = layer;
  }

  private boolean closedForWrites() {
    return layer.closeRequested || layer.writeCloseRequested || layer.lost || layer.failure != null;
  }

  @Override
  public void write(byte[] data) {
    if (data.length > 0 && !closedForWrites()) {
      layer.pendingWrites.add(ByteBuffer.wrap(data));
      layer.advance();
    }
  }

  @Override
  public void write(ByteBuffer data) {
    if (data.hasRemaining() && !closedForWrites()) {
      layer.pendingWrites.add(data.slice()); // the caller's position stays where it was
      layer.advance();
    }
  }

  @Override
  public void writeSequence(List<byte[]> data) {
    if (closedForWrites()) {
      return;
    }
    for (byte[] piece : data) {
      if (piece.length > 0) {
        layer.pendingWrites.add(ByteBuffer.wrap(piece));
      }
    }
    layer.advance();
  }

  @Override
  public void loseConnection() {
    if (layer.lost || layer.closeRequested) {
      return;
    }
    layer.closeRequested = true;
    layer.advance();
  }

  /**
   * Sends close_notify once queued writes are out, then half-closes the transport below; reading
   * goes on. A half-close proper under TLS 1.3 only: a TLS 1.2 peer answers with its own
   * close_notify and stops sending (RFC 5246 7.2.1), which ends the connection.
   */
  @Override
  public void loseWriteConnection() {
    if (layer.lost || layer.closeRequested || layer.writeCloseRequested) {
      return;
    }
    layer.writeCloseRequested = true;
    layer.advance();
  }

  @Override
  public void abortConnection() {
    if (!layer.lost) {
      layer.getTransport().abortConnection();
    }
  }

  @Override
  public Address getPeer() {
    return layer.getTransport().getPeer();
  }

  @Override
  public Address getHost() {
    return layer.getTransport().getHost();
  }

  @Override
  public void setTcpNoDelay(boolean enabled) {
    layer.getTransport().setTcpNoDelay(enabled);
  }

  @Override
  public void setTcpKeepAlive(boolean enabled) {
    layer.getTransport().setTcpKeepAlive(enabled);
  }

  @Override
  public void setWriteBufferWaterMarks(int lowWater, int highWater) {
    layer.getTransport().setWriteBufferWaterMarks(lowWater, highWater);
  }

  /** Ciphertext queued below, plus plaintext waiting here for the handshake. */
  @Override
  public long getWriteBufferSize() {
    long pending = 0;
    for (ByteBuffer b : layer.pendingWrites) {
      pending += b.remaining();
    }
    return pending + layer.getTransport().getWriteBufferSize();
  }

  @Override
  public boolean isDisconnecting() {
    // not after loseWriteConnection alone: a half-closed connection still reads
    return layer.closeRequested || layer.lost || layer.failure != null
        || layer.getTransport().isDisconnecting();
  }

  @Override
  public void startTLS(TLSOptions options) {
    throw new UnsupportedOperationException("this connection is already using TLS");
  }

  // -- producers: the app's producer is registered below, through a membrane --

  @Override
  public void registerProducer(Producer producer, boolean streaming) {
    if (layer.producer != null) {
      throw new IllegalStateException("a producer is already registered: " + layer.producer.producer);
    }
    ProducerMembrane membrane = new ProducerMembrane(producer, streaming);
    layer.producer = membrane;
    membrane.setHandshaking(!layer.handshakeDone);
    layer.getTransport().registerProducer(membrane, streaming);
  }

  @Override
  public void unregisterProducer() {
    if (layer.producer != null) {
      layer.producer = null;
      layer.getTransport().unregisterProducer();
    }
  }

  // -- this transport as a producer of the data it reads --

  @Override
  public void pauseProducing() {
    if (!layer.readPaused) {
      layer.readPaused = true;
      // mid-handshake, reading must go on; onHandshakeDone applies the pause
      if (layer.handshakeDone && !layer.lost) {
        layer.getTransport().pauseProducing();
      }
    }
  }

  @Override
  public void resumeProducing() {
    if (layer.readPaused) {
      layer.readPaused = false;
      if (layer.handshakeDone && !layer.lost) {
        layer.getTransport().resumeProducing();
      }
      layer.advance(); // hand up what was buffered while paused
    }
  }

  @Override
  public void stopProducing() {
    layer.getTransport().stopProducing();
  }

  // -- what the handshake decided --

  @Override
  public boolean isHandshakeDone() {
    return layer.handshakeDone;
  }

  @Override
  public String getApplicationProtocol() {
    if (!layer.handshakeDone) {
      return null;
    }
    String p = layer.engine.getApplicationProtocol();
    return p == null || p.isEmpty() ? null : p;
  }

  @Override
  public List<X509Certificate> getPeerCertificates() {
    if (!layer.handshakeDone) {
      return List.of();
    }
    try {
      List<X509Certificate> out = new ArrayList<>();
      for (Certificate c : layer.engine.getSession().getPeerCertificates()) {
        out.add((X509Certificate) c);
      }
      return out;
    } catch (SSLPeerUnverifiedException e) {
      return List.of();
    }
  }

  @Override
  public SSLSession getSession() {
    return layer.handshakeDone ? layer.engine.getSession() : null;
  }

  @Override
  public String toString() {
    return "TLS over " + layer.getTransport();
  }
}
