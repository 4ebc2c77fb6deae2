package dev.torsion.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;

/**
 * The load client of the echo and ping-pong rows: one thread, one selector, N connections, every
 * echoed byte checked against what that connection sent ({@link Pattern}).
 *
 * <p>Stream mode keeps up to {@code --window} bytes in flight per connection (sent, not yet
 * echoed back) and gives each connection a receive buffer of that size; ping-pong mode sends
 * {@code --size} bytes and waits for all of them before the next message. Traffic never stops
 * between measurements: the client prints {@code mark} when the warm-up ends and then one
 * {@code run BYTES SECONDS} line per measured interval, and the harness reads the server's CPU
 * time at each line.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.EchoLoad --port 9000 --conns 64 --mode stream --runs 5
 * java -cp ... dev.torsion.bench.EchoLoad --port 9000 --conns 100 --mode pingpong --size 64
 * java -cp ... dev.torsion.bench.EchoLoad --port 9000 --plan stream:1,stream:64,pingpong:100
 * }</pre>
 */
public final class EchoLoad {
  /** One connection's progress: bytes sent and bytes echoed back (and verified). */
  private static final class Conn {
    final int id;
    final SocketChannel channel;
    final ByteBuffer out = Pattern.DIRECT.duplicate();
    long sent;
    long received;
    boolean writeBlocked;

    Conn(int id, SocketChannel channel) {
      this.id = id;
      this.channel = channel;
    }
  }

  private final boolean pingPong;
  private final int window;
  private final ByteBuffer in = ByteBuffer.allocateDirect(Pattern.BLOCK);
  private long receivedTotal;

  EchoLoad(boolean pingPong, int window) {
    this.pingPong = pingPong;
    this.window = window;
  }

  public static void main(String[] args) throws IOException {
    String host = BenchMain.option(args, "--host", "127.0.0.1");
    int port = Integer.parseInt(BenchMain.option(args, "--port", "9000"));
    int size = Integer.parseInt(BenchMain.option(args, "--size", "64"));
    int window = Integer.parseInt(BenchMain.option(args, "--window", "1048576"));
    double warmup = Double.parseDouble(BenchMain.option(args, "--warmup", "1"));
    // The first phase meets a cold server (and a cold client): it gets a longer warm-up.
    double warmupFirst = Double.parseDouble(BenchMain.option(args, "--warmup-first", "" + warmup));
    double seconds = Double.parseDouble(BenchMain.option(args, "--seconds", "3"));
    int runs = Integer.parseInt(BenchMain.option(args, "--runs", "3"));
    // --plan stream:1,pingpong:100 runs several phases in one JVM, one after another.
    String plan = BenchMain.option(args, "--plan",
        BenchMain.option(args, "--mode", "stream") + ":" + BenchMain.option(args, "--conns", "1"));
    InetSocketAddress server = new InetSocketAddress(host, port);
    boolean first = true;
    for (String phase : plan.split(",")) {
      String[] p = phase.split(":");
      boolean pingPong = p[0].equals("pingpong");
      new EchoLoad(pingPong, pingPong ? size : window)
          .run(server, Integer.parseInt(p[1]), first ? warmupFirst : warmup, seconds, runs);
      first = false;
    }
  }

  /**
   * One phase: connects {@code n} connections, keeps them busy for the warm-up and {@code runs}
   * intervals, and returns how many bytes came back, every one verified; a wrong byte throws.
   */
  long run(InetSocketAddress server, int n, double warmup, double seconds, int runs)
      throws IOException {
    Conn[] conns = new Conn[n];
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < n; i++) {
        SocketChannel ch = SocketChannel.open();
        if (!pingPong) {
          // A fixed receive buffer the size of the window, set before connecting so the window
          // scale fits it. Left to autotuning, the client's buffer grows only once the kernel
          // measures a receive RTT, and on loopback that takes an echo slower than the 1 ms
          // timestamp tick: a server that answers faster kept a 128 KiB buffer, its echoes
          // queued in its own send buffer, and their transmission ran on the load core when the
          // client's window updates arrived (bench/results/notes.md). Every server gets this
          // same client.
          ch.setOption(StandardSocketOptions.SO_RCVBUF, window);
        }
        ch.connect(server);
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        conns[i] = new Conn(i, ch);
        ch.register(selector, SelectionKey.OP_READ, conns[i]);
        send(conns[i], ch.keyFor(selector));
      }
      long nextMark = System.nanoTime() + (long) (warmup * 1e9);
      long markedAt = 0;
      long markedBytes = 0;
      int done = -1;
      while (done < runs) {
        long now = System.nanoTime();
        if (now >= nextMark) {
          if (done >= 0) {
            System.out.printf("run %d %.6f%n", receivedTotal - markedBytes, (now - markedAt) / 1e9);
          } else {
            System.out.println("mark");
          }
          System.out.flush();
          done++;
          markedAt = now;
          markedBytes = receivedTotal;
          nextMark = now + (long) (seconds * 1e9);
          continue;
        }
        selector.select(Math.max(1, (nextMark - now) / 1_000_000));
        for (SelectionKey key : selector.selectedKeys()) {
          Conn c = (Conn) key.attachment();
          if (key.isReadable()) {
            receive(c);
          }
          if (key.isValid() && (key.isWritable() || !c.writeBlocked)) {
            send(c, key);
          }
        }
        selector.selectedKeys().clear();
      }
    } finally {
      for (Conn c : conns) {
        if (c != null) {
          c.channel.close();
        }
      }
    }
    return receivedTotal;
  }

  private void receive(Conn c) throws IOException {
    for (int reads = 0; reads < 4; reads++) {
      in.clear();
      int n = c.channel.read(in);
      if (n < 0) {
        throw new IOException("connection " + c.id + ": server closed after " + c.received + " bytes");
      }
      if (n == 0) {
        return;
      }
      in.flip();
      Pattern.verify(c.id, c.received, in);
      c.received += n;
      receivedTotal += n;
      if (c.received > c.sent) {
        throw new IOException("connection " + c.id + ": got back more bytes than it sent");
      }
      if (n < in.capacity()) {
        return;
      }
    }
  }

  private void send(Conn c, SelectionKey key) throws IOException {
    while (true) {
      long inFlight = c.sent - c.received;
      if (pingPong ? inFlight > 0 : inFlight >= window) {
        break;
      }
      int off = Pattern.offset(c.id, c.sent);
      int len = (int) Math.min(Pattern.BLOCK, window - inFlight);
      c.out.limit(off + len).position(off);
      int n = c.channel.write(c.out);
      c.sent += n;
      if (n < len) {
        if (!c.writeBlocked) {
          c.writeBlocked = true;
          key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
        }
        return;
      }
    }
    if (c.writeBlocked) {
      c.writeBlocked = false;
      key.interestOps(SelectionKey.OP_READ);
    }
  }
}
