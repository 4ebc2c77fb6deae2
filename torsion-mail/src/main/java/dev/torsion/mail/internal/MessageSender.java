package dev.torsion.mail.internal;

import dev.torsion.internet.ByteConsumer;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.PullProducer;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;

/**
 * Streams one stored message to a transport in wire form (CRLF lines, dot-stuffed for POP3,
 * cut after n body lines for TOP), one chunk each time the transport's buffer drains, every
 * read on the reactor's thread pool: a message of any size is sent in bounded memory and the
 * reactor thread never touches the disk. Like core's {@code FileSender}, but reading off the
 * reactor thread and encoding as it goes.
 *
 * <pre>{@code
 * new MessageSender(reactor, path, new WireFormat.Encoder(true, -1)).send(transport)
 *     .addCallback(sent -> { transport.write(".\r\n".getBytes()); return null; });
 * }</pre>
 */
public final class MessageSender implements PullProducer {
  private static final int CHUNK = 64 * 1024;

  private final Reactor reactor;
  private final Path file;
  private final WireFormat.Encoder encoder;
  private final Deferred<Long> done = new Deferred<>();
  private ByteConsumer consumer;
  private InputStream in;
  private boolean reading;
  private boolean finished;
  private long sent;

  public MessageSender(Reactor reactor, Path file, WireFormat.Encoder encoder) {
    this.reactor = reactor;
    this.file = file;
    this.encoder = encoder;
  }

  /** Starts sending; fires with the octets written, or fails if the file cannot be read. */
  public Deferred<Long> send(ByteConsumer to) {
    consumer = to;
    to.registerProducer(this, false);
    return done;
  }

  @Override
  public void resumeProducing() {
    if (reading || finished) {
      return; // the chunk being read is written when it comes; the consumer asks again then
    }
    reading = true;
    Threads.deferToThread(reactor, this::readChunk).addCallbacks(chunk -> {
      reading = false;
      if (finished) {
        return null; // stopped meanwhile
      }
      if (chunk.length > 0) {
        sent += chunk.length;
        consumer.write(chunk);
      }
      if (encoder.isDone()) {
        end(null);
      }
      return null;
    }, f -> {
      reading = false;
      end(f.value());
      return null;
    });
  }

  /** On the pool: the next chunk, encoded; the encoder's tail once the file ends. */
  private byte[] readChunk() throws IOException {
    DiskAccess.touch("read");
    if (in == null) {
      in = Files.newInputStream(file);
    }
    byte[] raw = in.readNBytes(CHUNK);
    if (raw.length == 0) {
      in.close();
      return encoder.finish();
    }
    byte[] out = encoder.encode(raw, raw.length);
    if (encoder.isDone()) {
      in.close(); // TOP has all its lines
    }
    return out;
  }

  @Override
  public void stopProducing() {
    end(new IOException("the connection closed after " + sent + " octets"));
  }

  private void end(Throwable error) {
    if (finished) {
      return;
    }
    finished = true;
    InputStream open = in;
    if (open != null && !reading) {
      Threads.deferToThread(reactor, () -> {
        open.close();
        return null;
      });
    }
    consumer.unregisterProducer();
    if (error != null) {
      done.errback(error);
    } else {
      done.callback(sent);
    }
  }
}
