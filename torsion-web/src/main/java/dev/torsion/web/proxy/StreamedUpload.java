package dev.torsion.web.proxy;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.StreamingRequestBody;
import java.util.ArrayDeque;

/**
 * The client's request body, passed to the backend as it arrives: the receiver of the client's
 * streamed body and the producer of the backend request's body, in one.
 *
 * <pre>
 *   client ──▶ Http1ServerConnection ──bodyDataReceived──▶ StreamedUpload ──write──▶ backend
 *        ◀── pauseBody: client transport paused ◀── pauseProducing (backend buffer full)
 * </pre>
 *
 * <p>A piece is written straight through when the backend connection can take it; otherwise
 * (not connected yet, or paused above its high-water mark) it is queued and the client's
 * reading paused at once, so the queue holds at most what the client connection had already
 * read: memory does not grow with the body.
 */
final class StreamedUpload implements BodyProducer, StreamingRequestBody.Receiver {
  private final Request request;
  private final long length;
  private final ArrayDeque<byte[]> queue = new ArrayDeque<>();
  private long queued;
  private ByteConsumer consumer;
  private Deferred<Void> done;
  private boolean paused;
  private boolean draining;
  private boolean ended;
  private Failure endReason;
  private boolean over; // done fired, or the backend stopped us

  StreamedUpload(Request request, long length) {
    this.request = request;
    this.length = length;
    request.setBodyReceiver(this);
  }

  @Override
  public long length() {
    return length;
  }

  @Override
  public Deferred<Void> startProducing(ByteConsumer consumer) {
    this.consumer = consumer;
    this.done = new Deferred<>();
    drain();
    return done;
  }

  @Override
  public void bodyDataReceived(byte[] data) {
    if (over) {
      return;
    }
    if (consumer != null && !paused && queue.isEmpty()) {
      consumer.write(data);
      return;
    }
    queue.add(data);
    queued += data.length;
    request.pauseBody();
  }

  @Override
  public void bodyEnded(Failure reason) {
    ended = true;
    endReason = reason;
    if (reason != null) {
      queue.clear();
      queued = 0;
    }
    if (done != null) {
      drain();
    }
  }

  @Override
  public void pauseProducing() {
    paused = true;
    request.pauseBody();
  }

  @Override
  public void resumeProducing() {
    paused = false;
    if (done != null) {
      drain();
    }
  }

  @Override
  public void stopProducing() {
    over = true;
    queue.clear();
    queued = 0;
  }

  private void drain() {
    if (draining || over) {
      return; // a write called resumeProducing back: the loop below carries on
    }
    draining = true;
    try {
      while (!paused && !over && !queue.isEmpty()) {
        byte[] piece = queue.poll();
        queued -= piece.length;
        consumer.write(piece);
      }
    } finally {
      draining = false;
    }
    if (over || !queue.isEmpty()) {
      return;
    }
    if (ended) {
      over = true;
      if (endReason == null) {
        done.callback(null);
      } else {
        done.errback(endReason);
      }
    } else if (!paused) {
      request.resumeBody();
    }
  }
}
