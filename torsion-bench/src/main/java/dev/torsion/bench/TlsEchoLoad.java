package dev.torsion.bench;

import dev.torsion.internet.ssl.KeyMaterial;
import dev.torsion.internet.ssl.TLSOptions;
import java.io.IOException;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.ByteBuffer;
import java.nio.channels.SelectionKey;
import java.nio.channels.Selector;
import java.nio.channels.SocketChannel;
import java.nio.file.Path;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLEngineResult;
import javax.net.ssl.SSLEngineResult.HandshakeStatus;
import javax.net.ssl.SSLException;
import javax.net.ssl.SSLParameters;

/**
 * The load client of the TLS echo rows: one thread and one selector driving a JDK
 * {@link SSLEngine} per connection, trusting the bench certificate (verification stays on,
 * hostname included), at most {@code --window} plaintext bytes in flight per connection, every
 * echoed byte checked. Prints {@code mark} and {@code run BYTES SECONDS} lines as
 * {@link EchoLoad} does.
 *
 * <p>It replaced a thread pair per connection on blocking {@code SSLSocket}s: with 16
 * connections those 32 threads on the load core spent it on switching and lock hand-offs, ran
 * the core flat while the server under test sat at a third of its own, and made the row measure
 * the client's scheduling rather than the server.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.TlsEchoLoad --port 9443 --cert server.pem --conns 16
 * }</pre>
 */
public final class TlsEchoLoad {
  /** Plaintext per wrap: one full TLS record. */
  private static final int CHUNK = 16 * 1024;

  /** One connection: its engine, its buffers, and how far its stream has got each way. */
  private static final class Conn {
    final int id;
    final SocketChannel channel;
    final SSLEngine engine;
    final ByteBuffer netIn;
    final ByteBuffer netOut;
    final ByteBuffer appIn;
    final ByteBuffer appOut = Pattern.DIRECT.duplicate();
    long sent;
    long received;
    boolean writeBlocked;

    Conn(int id, SocketChannel channel, SSLEngine engine) {
      this.id = id;
      this.channel = channel;
      this.engine = engine;
      int packet = engine.getSession().getPacketBufferSize();
      netIn = ByteBuffer.allocateDirect(4 * packet);
      // Several records per write: fewer syscalls on the client, as the servers gather theirs.
      netOut = ByteBuffer.allocateDirect(4 * packet).flip();
      appIn = ByteBuffer.allocateDirect(4 * engine.getSession().getApplicationBufferSize());
    }
  }

  private static final ByteBuffer EMPTY = ByteBuffer.allocate(0);

  private final int window;
  private long receivedTotal;

  private TlsEchoLoad(int window) {
    this.window = window;
  }

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(BenchMain.option(args, "--port", "9443"));
    int conns = Integer.parseInt(BenchMain.option(args, "--conns", "1"));
    int window = Integer.parseInt(BenchMain.option(args, "--window", "1048576"));
    double warmup = Double.parseDouble(BenchMain.option(args, "--warmup", "1"));
    double seconds = Double.parseDouble(BenchMain.option(args, "--seconds", "3"));
    int runs = Integer.parseInt(BenchMain.option(args, "--runs", "3"));
    KeyMaterial cert = KeyMaterial.fromPem(Path.of(BenchMain.option(args, "--cert", "server.pem")));
    SSLContext context = TLSOptions.forClient("localhost").trustRoots(cert.chain()).build().sslContext();
    new TlsEchoLoad(window).run(context, port, conns, warmup, seconds, runs);
  }

  private void run(SSLContext context, int port, int n, double warmup, double seconds, int runs)
      throws IOException {
    Conn[] conns = new Conn[n];
    try (Selector selector = Selector.open()) {
      for (int i = 0; i < n; i++) {
        SocketChannel ch = SocketChannel.open(new InetSocketAddress("127.0.0.1", port));
        ch.setOption(StandardSocketOptions.TCP_NODELAY, true);
        ch.configureBlocking(false);
        SSLEngine engine = context.createSSLEngine("localhost", port);
        engine.setUseClientMode(true);
        SSLParameters params = engine.getSSLParameters();
        params.setEndpointIdentificationAlgorithm("HTTPS");
        engine.setSSLParameters(params);
        engine.beginHandshake();
        conns[i] = new Conn(i, ch, engine);
        SelectionKey key = ch.register(selector, SelectionKey.OP_READ, conns[i]);
        send(conns[i], key);
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
          send(c, key);
          // A handshake flight can arrive whole while the engine wants to answer part of it
          // first (TLS 1.3's compatibility change_cipher_spec): decrypt the rest once it has.
          while (handshaking(c) && c.netIn.position() > 0 && decrypt(c)) {
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
  }

  /** Reads what is there, decrypts every whole record and checks the plaintext it holds. */
  private void receive(Conn c) throws IOException {
    int n = c.channel.read(c.netIn);
    if (n < 0) {
      throw new IOException("connection " + c.id + ": server closed after " + c.received + " bytes");
    }
    decrypt(c);
  }

  private static boolean handshaking(Conn c) {
    HandshakeStatus hs = c.engine.getHandshakeStatus();
    return hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED;
  }

  /** Unwraps the whole records in netIn; true if it consumed any. */
  private boolean decrypt(Conn c) throws IOException {
    boolean progress = false;
    c.netIn.flip();
    try {
      while (c.netIn.hasRemaining()) {
        c.appIn.clear();
        SSLEngineResult r = c.engine.unwrap(c.netIn, c.appIn);
        runTasks(c.engine);
        progress |= r.bytesConsumed() > 0;
        c.appIn.flip();
        if (c.appIn.hasRemaining()) {
          int got = c.appIn.remaining();
          Pattern.verify(c.id, c.received, c.appIn);
          c.received += got;
          receivedTotal += got;
          if (c.received > c.sent) {
            throw new IOException("connection " + c.id + ": got back more bytes than it sent");
          }
        }
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_UNDERFLOW
            || r.bytesConsumed() == 0 && r.bytesProduced() == 0) {
          break; // half a record, or the engine wants to wrap first
        }
        if (r.getStatus() != SSLEngineResult.Status.OK) {
          throw new SSLException("connection " + c.id + ": unwrap " + r.getStatus());
        }
      }
    } finally {
      c.netIn.compact();
    }
    return progress;
  }

  /**
   * Flushes what is encrypted and not yet written, then wraps more: the handshake's messages
   * while it lasts, then plaintext while the window allows, several records to a write.
   */
  private void send(Conn c, SelectionKey key) throws IOException {
    while (true) {
      if (c.netOut.hasRemaining()) {
        c.channel.write(c.netOut);
        if (c.netOut.hasRemaining()) {
          if (!c.writeBlocked) {
            c.writeBlocked = true;
            key.interestOps(SelectionKey.OP_READ | SelectionKey.OP_WRITE);
          }
          return;
        }
      }
      if (!wrapMore(c)) {
        break;
      }
    }
    if (c.writeBlocked) {
      c.writeBlocked = false;
      key.interestOps(SelectionKey.OP_READ);
    }
  }

  /** Fills netOut with records; false when there is nothing to send now. */
  private boolean wrapMore(Conn c) throws SSLException {
    c.netOut.clear();
    try {
      while (true) {
        HandshakeStatus hs = c.engine.getHandshakeStatus();
        ByteBuffer src;
        if (hs == HandshakeStatus.NEED_WRAP) {
          src = EMPTY;
        } else if (hs != HandshakeStatus.NOT_HANDSHAKING && hs != HandshakeStatus.FINISHED) {
          return c.netOut.position() > 0; // waiting for the server's flight
        } else {
          long room = window - (c.sent - c.received);
          if (room <= 0) {
            return c.netOut.position() > 0;
          }
          int off = Pattern.offset(c.id, c.sent);
          c.appOut.limit(off + (int) Math.min(CHUNK, room)).position(off);
          src = c.appOut;
        }
        int before = src.remaining();
        SSLEngineResult r = c.engine.wrap(src, c.netOut);
        runTasks(c.engine);
        if (r.getStatus() == SSLEngineResult.Status.BUFFER_OVERFLOW) {
          return c.netOut.position() > 0;
        }
        if (r.getStatus() != SSLEngineResult.Status.OK) {
          throw new SSLException("connection " + c.id + ": wrap " + r.getStatus());
        }
        c.sent += before - src.remaining();
      }
    } finally {
      c.netOut.flip();
    }
  }

  private static void runTasks(SSLEngine engine) {
    Runnable task;
    while ((task = engine.getDelegatedTask()) != null) {
      task.run();
    }
  }
}
