package dev.torsion.bench;

import dev.torsion.internet.ssl.KeyMaterial;
import dev.torsion.internet.ssl.TLSOptions;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.nio.file.Path;
import java.util.concurrent.Semaphore;
import java.util.concurrent.atomic.AtomicLong;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.SSLSocket;

/**
 * The load client of the TLS echo row: JDK {@code SSLSocket}s trusting the bench certificate
 * (verification stays on, hostname included), a writer and a reader thread per connection, at
 * most {@code --window} bytes in flight, every echoed byte checked. Prints {@code mark} and
 * {@code run BYTES SECONDS} lines as {@link EchoLoad} does.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.TlsEchoLoad --port 9443 --cert server.pem --conns 1
 * }</pre>
 */
public final class TlsEchoLoad {
  private static final int CHUNK = 16 * 1024;

  /** Set before exit: I/O errors after it are the sockets going away, not a failed run. */
  private static volatile boolean closing;

  private TlsEchoLoad() {}

  public static void main(String[] args) throws Exception {
    int port = Integer.parseInt(BenchMain.option(args, "--port", "9443"));
    int conns = Integer.parseInt(BenchMain.option(args, "--conns", "1"));
    int window = Integer.parseInt(BenchMain.option(args, "--window", "1048576"));
    double warmup = Double.parseDouble(BenchMain.option(args, "--warmup", "1"));
    double seconds = Double.parseDouble(BenchMain.option(args, "--seconds", "3"));
    int runs = Integer.parseInt(BenchMain.option(args, "--runs", "3"));
    KeyMaterial cert = KeyMaterial.fromPem(Path.of(BenchMain.option(args, "--cert", "server.pem")));
    TLSOptions client = TLSOptions.forClient("localhost").trustRoots(cert.chain()).build();

    AtomicLong received = new AtomicLong();
    for (int i = 0; i < conns; i++) {
      SSLSocket s = (SSLSocket) client.sslContext().getSocketFactory().createSocket("localhost", port);
      SSLParameters params = s.getSSLParameters();
      params.setEndpointIdentificationAlgorithm("HTTPS");
      s.setSSLParameters(params);
      s.setTcpNoDelay(true);
      s.startHandshake();
      Semaphore credit = new Semaphore(window);
      int id = i;
      daemon(() -> write(id, s.getOutputStream(), credit));
      daemon(() -> read(id, s.getInputStream(), credit, received));
    }
    Thread.sleep((long) (warmup * 1000));
    System.out.println("mark");
    System.out.flush();
    for (int r = 0; r < runs; r++) {
      long t0 = System.nanoTime();
      long b0 = received.get();
      Thread.sleep((long) (seconds * 1000));
      System.out.printf("run %d %.6f%n", received.get() - b0, (System.nanoTime() - t0) / 1e9);
      System.out.flush();
    }
    closing = true;
    System.exit(0);
  }

  private interface IoTask {
    void run() throws Exception;
  }

  private static void daemon(IoTask task) {
    Thread t = new Thread(() -> {
      try {
        task.run();
      } catch (Exception e) {
        if (!closing) {
          e.printStackTrace();
          System.exit(2);
        }
      }
    });
    t.setDaemon(true);
    t.start();
  }

  private static void write(int id, OutputStream out, Semaphore credit) throws Exception {
    long sent = 0;
    while (true) {
      credit.acquire(CHUNK);
      int off = Pattern.offset(id, sent);
      out.write(Pattern.BYTES, off, CHUNK);
      sent += CHUNK;
    }
  }

  private static void read(int id, InputStream in, Semaphore credit, AtomicLong total)
      throws IOException {
    byte[] buf = new byte[64 * 1024];
    long at = 0;
    while (true) {
      int n = in.read(buf);
      if (n < 0) {
        throw new IOException("connection " + id + ": server closed after " + at + " bytes");
      }
      Pattern.verify(id, at, buf, n);
      at += n;
      total.addAndGet(n);
      credit.release(n);
    }
  }
}
