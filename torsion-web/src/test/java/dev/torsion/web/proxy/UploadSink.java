package dev.torsion.web.proxy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.server.StreamingRequestBody;
import java.nio.charset.StandardCharsets;
import java.security.MessageDigest;
import java.security.NoSuchAlgorithmException;
import java.util.HexFormat;

/**
 * A backend resource that takes the request body as it arrives (a StreamingRequestBody),
 * counting and hashing it, and answers "received=N" and "sha256=H" once it has all come.
 */
public final class UploadSink extends Resource implements StreamingRequestBody {
  /** Fires with the count when the first bytes reach the backend. */
  final Deferred<Long> firstBytes = new Deferred<>();
  long received;
  Failure failure;
  private final MessageDigest digest;

  public UploadSink() {
    try {
      digest = MessageDigest.getInstance("SHA-256");
    } catch (NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public long streamingBodyLimit(Request request) {
    return Long.MAX_VALUE;
  }

  @Override
  public byte[] render(Request request) {
    request.setBodyReceiver(new Receiver() {
      @Override public void bodyDataReceived(byte[] data) {
        received += data.length;
        digest.update(data);
        if (!firstBytes.called()) {
          firstBytes.callback(received);
        }
      }

      @Override public void bodyEnded(Failure reason) {
        if (reason != null) {
          failure = reason;
          return;
        }
        request.setHeader("Content-Type", "text/plain");
        request.writeAndFinish(("received=" + received + "\nsha256="
            + HexFormat.of().formatHex(digest.digest()) + "\n").getBytes(StandardCharsets.UTF_8));
      }
    });
    return Site.NOT_DONE_YET;
  }
}
