package dev.torsion.bench;

import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.util.ArrayList;
import java.util.List;

/**
 * The client of the idle-connection rows: opens N TCP connections and holds them, silent, until
 * its stdin closes. Connections come from several loopback source addresses (127.0.0.2, .3, ...,
 * at most {@code --per-source} each, 5,000 by default) since one source address has only ~28,000
 * ephemeral ports; at most 512 connects are outstanding at once so the server's accept queue
 * never overflows.
 * Prints {@code connected N SECONDS} when all are up. The file limit must be raised first.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.IdleLoad --port 9000 --conns 100000
 * }</pre>
 */
public final class IdleLoad {
  private static final int MAX_PENDING = 512;

  private IdleLoad() {}

  public static void main(String[] args) throws IOException {
    int port = Integer.parseInt(BenchMain.option(args, "--port", "9000"));
    int total = Integer.parseInt(BenchMain.option(args, "--conns", "10000"));
    int perSource = Integer.parseInt(BenchMain.option(args, "--per-source", "5000"));
    InetSocketAddress server = new InetSocketAddress("127.0.0.1", port);
    List<SocketChannel> open = new ArrayList<>(total);
    long t0 = System.nanoTime();
    try (Selector selector = Selector.open()) {
      int started = 0;
      int pending = 0;
      while (open.size() < total) {
        while (pending < MAX_PENDING && started < total) {
          SocketChannel ch = SocketChannel.open();
          ch.configureBlocking(false);
          // Closing with an RST (linger 0) leaves no TIME_WAIT behind, and SO_REUSEADDR binds past
          // any left by an earlier run: else the next run's binds crawl through a full port range.
          ch.setOption(StandardSocketOptions.SO_REUSEADDR, true);
          ch.setOption(StandardSocketOptions.SO_LINGER, 0);
          ch.bind(new InetSocketAddress("127.0.0." + (2 + started / perSource), 0));
          if (ch.connect(server)) {
            open.add(ch);
          } else {
            ch.register(selector, SelectionKey.OP_CONNECT);
            pending++;
          }
          started++;
        }
        selector.select(1000);
        for (SelectionKey key : selector.selectedKeys()) {
          SocketChannel ch = (SocketChannel) key.channel();
          ch.finishConnect();
          key.cancel();
          pending--;
          open.add(ch);
        }
        selector.selectedKeys().clear();
      }
      selector.selectNow();
    }
    System.out.printf("connected %d %.3f%n", open.size(), (System.nanoTime() - t0) / 1e9);
    System.out.flush();
    while (System.in.read() >= 0) {
      // Hold every connection until the harness closes our stdin.
    }
    for (SocketChannel ch : open) {
      ch.close();
    }
  }
}
