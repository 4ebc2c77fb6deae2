package dev.torsion.web.server;

import dev.torsion.internet.Failure;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.function.BiFunction;

/**
 * A leaf that takes its request body as a stream (up to 1000 bytes) and, when it ends, answers
 * with what {@code answer} makes of the request and the whole body: for tests of what streamed
 * bodies see.
 */
public final class StreamedBodyResource extends Resource implements StreamingRequestBody {
  private final BiFunction<Request, byte[], String> answer;

  public StreamedBodyResource(BiFunction<Request, byte[], String> answer) {
    this.answer = answer;
  }

  @Override public boolean isLeaf() {
    return true;
  }

  @Override public long streamingBodyLimit(Request request) {
    return 1000;
  }

  @Override public byte[] render(Request r) {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    r.setBodyReceiver(new Receiver() {
      @Override public void bodyDataReceived(byte[] data) {
        got.writeBytes(data);
      }

      @Override public void bodyEnded(Failure reason) {
        r.writeAndFinish(answer.apply(r, got.toByteArray()).getBytes(StandardCharsets.UTF_8));
      }
    });
    return Site.NOT_DONE_YET;
  }
}
