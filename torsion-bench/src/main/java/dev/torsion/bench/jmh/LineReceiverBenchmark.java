package dev.torsion.bench.jmh;

import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.TimeUnit;
import org.openjdk.jmh.annotations.Benchmark;
import org.openjdk.jmh.annotations.BenchmarkMode;
import org.openjdk.jmh.annotations.Mode;
import org.openjdk.jmh.annotations.OutputTimeUnit;
import org.openjdk.jmh.annotations.Param;
import org.openjdk.jmh.annotations.Scope;
import org.openjdk.jmh.annotations.Setup;
import org.openjdk.jmh.annotations.State;
import org.openjdk.jmh.infra.Blackhole;

/**
 * LineReceiver's parsing: 64 KiB of CRLF-terminated lines handed to {@code dataReceived} in
 * chunks of {@code chunk} bytes, so lines straddle chunk boundaries as they do off a socket. One
 * operation is the whole 64 KiB; bytes per second is 65536 times the score.
 *
 * <pre>{@code
 * java -cp ... org.openjdk.jmh.Main LineReceiverBenchmark
 * }</pre>
 */
@State(Scope.Thread)
@BenchmarkMode(Mode.Throughput)
@OutputTimeUnit(TimeUnit.SECONDS)
public class LineReceiverBenchmark {
  static final int TOTAL = 64 * 1024;

  /** Counts lines into the blackhole, so the parse cannot be optimised away. */
  static final class Lines extends LineReceiver {
    Blackhole sink;

    @Override
    public void lineReceived(byte[] line) {
      sink.consume(line);
    }
  }

  @Param({"80"})
  public int lineLength;

  @Param({"16384"})
  public int chunk;

  private byte[][] chunks;
  private Lines receiver;

  @Setup
  public void setUp() {
    StringBuilder text = new StringBuilder();
    String body = "x".repeat(lineLength - 2);
    while (text.length() + lineLength <= TOTAL) {
      text.append(body).append("\r\n");
    }
    text.append("y".repeat(TOTAL - text.length() - 2)).append("\r\n");
    byte[] all = text.toString().getBytes(StandardCharsets.US_ASCII);
    chunks = new byte[(TOTAL + chunk - 1) / chunk][];
    for (int i = 0; i < chunks.length; i++) {
      int from = i * chunk;
      chunks[i] = java.util.Arrays.copyOfRange(all, from, Math.min(TOTAL, from + chunk));
    }
    receiver = new Lines();
  }

  @Benchmark
  public void parse64KiB(Blackhole bh) {
    receiver.sink = bh;
    for (byte[] c : chunks) {
      // LineReceiver adopts the array but never writes into it, so the chunks can be reused.
      receiver.dataReceived(c);
    }
  }
}
