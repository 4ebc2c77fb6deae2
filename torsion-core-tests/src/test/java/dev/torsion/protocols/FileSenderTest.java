package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.PullProducer;
import dev.torsion.trial.StringTransport;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.NoSuchFileException;
import java.nio.file.Path;
import java.util.Random;
import java.util.concurrent.atomic.AtomicReference;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class FileSenderTest {
  /** Asks the registered pull producer for chunks, as a transport does when its buffer drains. */
  private static int pullUntilDone(StringTransport consumer) {
    int pulls = 0;
    while (consumer.producer != null) {
      ((PullProducer) consumer.producer).resumeProducing();
      pulls++;
    }
    return pulls;
  }

  @Test
  void sendsTheWholeFileInChunksAndReportsItsSize(@TempDir Path dir) throws IOException {
    byte[] content = new byte[3 * FileSender.CHUNK_SIZE + 123];
    new Random(42).nextBytes(content);
    Path file = dir.resolve("data.bin");
    Files.write(file, content);
    StringTransport consumer = new StringTransport();

    Deferred<Long> done = new FileSender().beginFileTransfer(file, consumer);
    assertThat(consumer.producer).isInstanceOf(FileSender.class);
    assertThat(consumer.streaming).isFalse();
    assertThat(done.called()).isFalse();

    ((PullProducer) consumer.producer).resumeProducing();
    assertThat(consumer.value()).hasSize(FileSender.CHUNK_SIZE); // one chunk per pull

    int pulls = pullUntilDone(consumer);
    AtomicReference<Long> sent = new AtomicReference<>();
    done.addCallback(n -> { sent.set(n); return null; });
    assertThat(sent.get()).isEqualTo(content.length);
    assertThat(consumer.value()).isEqualTo(content);
    assertThat(pulls).isEqualTo(4); // 3 more data chunks, then the one that finds the end
  }

  @Test
  void anEmptyStreamFiresWithZero() {
    StringTransport consumer = new StringTransport();
    Deferred<Long> done = new FileSender().beginFileTransfer(new ByteArrayInputStream(new byte[0]), consumer);
    pullUntilDone(consumer);
    AtomicReference<Long> sent = new AtomicReference<>();
    done.addCallback(n -> { sent.set(n); return null; });
    assertThat(sent.get()).isZero();
  }

  @Test
  void aMissingFileFailsAtOnce(@TempDir Path dir) {
    StringTransport consumer = new StringTransport();
    Deferred<Long> done = new FileSender().beginFileTransfer(dir.resolve("nope"), consumer);
    AtomicReference<Throwable> error = new AtomicReference<>();
    done.addErrback(f -> { error.set(f.value()); return null; });
    assertThat(error.get()).isInstanceOf(NoSuchFileException.class);
    assertThat(consumer.producer).isNull();
  }

  @Test
  void stopProducingFailsTheTransferAndClosesTheStream() {
    boolean[] closed = {false};
    InputStream in =
        new ByteArrayInputStream(new byte[200_000]) {
          @Override
          public void close() {
            closed[0] = true;
          }
        };
    StringTransport consumer = new StringTransport();
    Deferred<Long> done = new FileSender().beginFileTransfer(in, consumer);
    ((PullProducer) consumer.producer).resumeProducing();
    consumer.producer.stopProducing();
    AtomicReference<Failure> error = new AtomicReference<>();
    done.addErrback(f -> { error.set(f); return null; });
    assertThat(error.get().getErrorMessage()).contains("stopped the transfer after 65536 bytes");
    assertThat(closed[0]).isTrue();
  }

  @Test
  void aReadErrorFailsTheTransferAndUnregisters() {
    InputStream broken =
        new InputStream() {
          @Override
          public int read() throws IOException {
            throw new IOException("disk on fire");
          }
        };
    StringTransport consumer = new StringTransport();
    Deferred<Long> done = new FileSender().beginFileTransfer(broken, consumer);
    ((PullProducer) consumer.producer).resumeProducing();
    AtomicReference<Failure> error = new AtomicReference<>();
    done.addErrback(f -> { error.set(f); return null; });
    assertThat(error.get().getErrorMessage()).contains("disk on fire");
    assertThat(consumer.producer).isNull();
  }
}
