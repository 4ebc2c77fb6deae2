package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.Producer;
import dev.torsion.internet.PullProducer;
import dev.torsion.internet.PushProducer;

/**
 * Stands between the application's producer and the transport below a TLS layer. The transport
 * below pauses it when its buffer of ciphertext fills; the layer also holds a push producer
 * paused, and a pull producer's requests back, until the handshake is done, since data written
 * before then would only pile up in the layer's queue.
 */
final class ProducerMembrane implements PushProducer, PullProducer {
  final Producer producer;
  private final boolean streaming;
  private boolean pausedBelow;
  private boolean handshaking;
  private boolean producerPaused;
  private boolean pullWanted;

  ProducerMembrane(Producer producer, boolean streaming) {
    this.producer = producer;
    this.streaming = streaming;
  }

  void setHandshaking(boolean handshaking) {
    this.handshaking = handshaking;
    sync();
    if (!handshaking && pullWanted) {
      pullWanted = false;
      ((PullProducer) producer).resumeProducing();
    }
  }

  @Override
  public void pauseProducing() {
    pausedBelow = true;
    sync();
  }

  @Override
  public void resumeProducing() {
    if (streaming) {
      pausedBelow = false;
      sync();
    } else if (handshaking) {
      pullWanted = true;
    } else {
      ((PullProducer) producer).resumeProducing();
    }
  }

  @Override
  public void stopProducing() {
    producer.stopProducing();
  }

  private void sync() {
    if (!streaming) {
      return;
    }
    boolean wantPaused = pausedBelow || handshaking;
    if (wantPaused != producerPaused) {
      producerPaused = wantPaused;
      if (wantPaused) {
        ((PushProducer) producer).pauseProducing();
      } else {
        ((PushProducer) producer).resumeProducing();
      }
    }
  }
}
