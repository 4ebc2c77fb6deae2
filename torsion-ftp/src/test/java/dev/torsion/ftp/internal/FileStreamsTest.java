package dev.torsion.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.trial.StringTransport;
import java.nio.channels.FileChannel;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Random;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Backpressure of the off-reactor file streams, on a MemoryReactor whose "thread pool" runs on
 * the Clock: each {@code pump()} runs the reads and writes queued so far, deterministically.
 */
class FileStreamsTest {
  @TempDir Path dir;
  final MemoryReactor reactor = new MemoryReactor(new Clock());

  private void pump() {
    for (int i = 0; i < 20; i++) {
      reactor.advance(0);
    }
  }

  /** A consumer whose buffer is full after every write, as a slow client's socket is. */
  static final class FullAfterEachWrite extends StringTransport {
    @Override
    public void write(byte[] data) {
      super.write(data);
      ((dev.torsion.internet.PushProducer) producer).pauseProducing();
    }
  }

  @Test
  void aPausedDownloadReadsOneChunkAheadAndNoMore() throws Exception {
    byte[] content = new byte[5 * FileSource.CHUNK];
    new Random(1).nextBytes(content);
    Path file = Files.write(dir.resolve("f"), content);
    FullAfterEachWrite consumer = new FullAfterEachWrite();
    FileSource source = new FileSource(reactor, FileChannel.open(file), 0, false, n -> { });

    Deferred<Long> done = source.beginTransfer(consumer);
    pump();
    assertThat(consumer.value().length).isEqualTo(FileSource.CHUNK); // written, then paused
    pump();
    assertThat(consumer.value().length).isEqualTo(FileSource.CHUNK); // the next chunk is held, no more

    source.resumeProducing();
    assertThat(consumer.value().length).isEqualTo(2 * FileSource.CHUNK); // the held chunk goes at once
    for (int i = 0; i < 4; i++) {
      pump();
      source.resumeProducing();
    }
    pump();
    assertThat(consumer.value()).isEqualTo(content);
    assertThat(done.called()).isTrue();
    assertThat(consumer.producer).isNull();
  }

  @Test
  void aDownloadFromAnOffsetInAsciiModeSendsCrlf() throws Exception {
    Path file = Files.writeString(dir.resolve("t"), "skip\na\nb\n");
    StringTransport consumer = new StringTransport();
    new FileSource(reactor, FileChannel.open(file), 5, true, n -> { }).beginTransfer(consumer);
    pump();
    assertThat(consumer.valueString()).isEqualTo("a\r\nb\r\n");
  }

  @Test
  void anUploadPausesItsConnectionWhileTheDiskIsBehindAndResumesWhenItCatchesUp() throws Exception {
    Path file = dir.resolve("up");
    StringTransport connection = new StringTransport();
    FileSink sink = new FileSink(reactor, FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE), 0, false, connection);
    byte[] chunk = new byte[64 * 1024];
    new Random(2).nextBytes(chunk);

    for (int i = 0; i < 5; i++) {
      sink.write(chunk); // nothing written yet: the pool has not run
    }
    assertThat(connection.producerState).isEqualTo(StringTransport.ProducerState.PAUSED);
    pump();
    assertThat(connection.producerState).isEqualTo(StringTransport.ProducerState.PRODUCING);
    sink.end();
    pump();

    assertThat(sink.done().called()).isTrue();
    assertThat(Files.size(file)).isEqualTo(5L * chunk.length);
  }

  @Test
  void asciiUploadsLoseTheirCarriageReturnsEvenSplitBetweenChunks() throws Exception {
    Path file = dir.resolve("a");
    FileSink sink = new FileSink(reactor, FileChannel.open(file, StandardOpenOption.CREATE,
        StandardOpenOption.WRITE), 0, true, new StringTransport());
    sink.write("one\r".getBytes());
    sink.write("\ntwo\r\nlone\rcr\r".getBytes());
    sink.end();
    pump();
    assertThat(Files.readString(file)).isEqualTo("one\ntwo\nlone\rcr\r");
  }
}
