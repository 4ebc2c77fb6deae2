package dev.torsion.web.server;

import dev.torsion.internet.PushProducer;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import dev.torsion.internet.internal.StreamConnection;
import dev.torsion.web.Http;
import java.io.IOException;
import java.nio.channels.FileChannel;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;

/**
 * The body of a large static file sent from the file by the kernel (sendfile) rather than read
 * into the heap piece by piece as {@code FileBodyProducer} does: the file is opened on the
 * reactor's pool (an open may wait on the disk), then the connection queues the region and
 * transfers it as the socket takes it. For plaintext HTTP/1.1 only ({@link Request#fileReactor}).
 *
 * <p>It is the response's producer only to hear when the region has drained to the low-water
 * mark: the response is finished then, so the next request on the connection waits behind it as
 * it waits behind {@code FileBodyProducer}, and a slow client holds one open file and nothing
 * more.
 */
final class FileTransferBody implements PushProducer {
  private final Request request;
  private boolean sent;
  private boolean paused;
  private boolean done;

  private FileTransferBody(Request request) {
    this.request = request;
  }

  /** Opens {@code file} on {@code reactor}'s pool, then sends {@code count} bytes from {@code position}. */
  static void send(Request request, Reactor reactor, Path file, long position, long count) {
    Threads.deferToThread(reactor, () -> open(file, position + count)).addCallbacks(channel -> {
      new FileTransferBody(request).start(channel, position, count);
      return null;
    }, failure -> {
      if (request.isLost() || request.isFinished()) {
        return null;
      }
      if (failure.value() instanceof FileShrank e) {
        request.processingFailed(e);
      } else {
        // As StaticFile answers a file it cannot open: permissions changed, or it went away.
        request.getResponseHeaders().remove("Content-Length");
        request.setResponseCode(Http.FORBIDDEN);
        request.writeAndFinish(new ForbiddenResource().render(request));
      }
      return null;
    });
  }

  /** The file is shorter now than the Content-Length already set for it. */
  private static final class FileShrank extends IOException {
    FileShrank(Path file, long size, long end) {
      super(file + " shrank to " + size + " bytes before being sent (" + end + " needed)");
    }
  }

  /** On the pool: the open, and one fstat to see the region is still there. */
  private static FileChannel open(Path file, long end) throws IOException {
    FileChannel channel = FileChannel.open(file, StandardOpenOption.READ);
    long size;
    try {
      size = channel.size();
    } catch (IOException e) {
      StreamConnection.closeQuietly(channel);
      throw e;
    }
    if (size < end) {
      StreamConnection.closeQuietly(channel);
      throw new FileShrank(file, size, end);
    }
    return channel;
  }

  private void start(FileChannel channel, long position, long count) {
    if (request.isLost() || request.isFinished()) {
      StreamConnection.closeQuietly(channel); // the client left while the pool opened it
      return;
    }
    try {
      request.registerProducer(this, true);
    } catch (RuntimeException e) {
      StreamConnection.closeQuietly(channel);
      request.processingFailed(e);
      return;
    }
    request.writeFile(channel, position, count); // a region above the high mark pauses us at once
    sent = true;
    if (!paused && !done) {
      finish();
    }
  }

  private void finish() {
    done = true;
    request.unregisterProducer();
    if (!request.isFinished()) {
      request.finish();
    }
  }

  @Override
  public void pauseProducing() {
    paused = true;
  }

  @Override
  public void resumeProducing() {
    paused = false;
    if (sent && !done) {
      finish();
    }
  }

  @Override
  public void stopProducing() {
    done = true; // the connection closed: it closed the file with the rest of its queue
  }
}
