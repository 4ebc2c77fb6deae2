package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.trial.OpenFiles;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.StaticFile;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.StandardSocketOptions;
import java.nio.channels.FileChannel;
import java.nio.channels.SocketChannel;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.Arrays;
import java.util.Random;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A large static file sent with sendfile whose size changes under the transfer: the client, on a
 * plain socket that reads nothing until it has the head, gets the announced length or a closed
 * connection, never extra bytes or a hang.
 */
class StaticFileTransferSocketTest {
  private static final int SIZE = 16 * 1024 * 1024;

  @TempDir Path tmp;
  private Path file;
  private byte[] contents;
  private RealServer server;

  @BeforeEach
  void start() throws Exception {
    contents = new byte[SIZE];
    new Random(16).nextBytes(contents);
    file = Files.write(tmp.resolve("changing.bin"), contents);
    Resource root = new Resource();
    // Every request sees the file as it is now: these change it between requests.
    root.putChild("static", new StaticFile(tmp).setMetadataTtl(java.time.Duration.ZERO));
    server = new RealServer(root, site -> { });
  }

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  /** A head read off the socket and the body bytes that came with it. */
  private record Head(String text, long contentLength, byte[] bodyStart) {}

  /**
   * A client with a small receive window (the kernel cannot take the whole file ahead of it) that
   * has sent {@code request}.
   */
  private SocketChannel client(String request) throws IOException {
    SocketChannel ch = SocketChannel.open();
    ch.setOption(StandardSocketOptions.SO_RCVBUF, 64 * 1024);
    ch.connect(new InetSocketAddress("127.0.0.1", server.port()));
    ch.socket().setSoTimeout(30_000);
    ch.socket().getOutputStream().write(request.getBytes(StandardCharsets.ISO_8859_1));
    return ch;
  }

  private static Head readHead(InputStream in) throws IOException {
    ByteArrayOutputStream got = new ByteArrayOutputStream();
    byte[] buf = new byte[1024];
    while (true) {
      int n = in.read(buf);
      assertThat(n).as("connection closed inside the head").isPositive();
      got.write(buf, 0, n);
      String s = got.toString(StandardCharsets.ISO_8859_1);
      int end = s.indexOf("\r\n\r\n");
      if (end >= 0) {
        Matcher m = Pattern.compile("(?i)\r\ncontent-length: *(\\d+)").matcher(s.substring(0, end));
        assertThat(m.find()).as("Content-Length in " + s.substring(0, end)).isTrue();
        byte[] all = got.toByteArray();
        return new Head(s.substring(0, end + 4), Long.parseLong(m.group(1)),
            Arrays.copyOfRange(all, end + 4, all.length));
      }
    }
  }

  @Test
  void aFileThatGrowsWhileBeingSentSendsOnlyTheAnnouncedLength() throws Exception {
    try (SocketChannel ch = client("GET /static/changing.bin HTTP/1.1\r\nHost: t\r\n\r\n")) {
      InputStream in = ch.socket().getInputStream();
      Head head = readHead(in);
      Files.write(file, new byte[1024 * 1024], StandardOpenOption.APPEND);

      ByteArrayOutputStream body = new ByteArrayOutputStream();
      body.writeBytes(head.bodyStart());
      body.writeBytes(in.readNBytes((int) (head.contentLength() - head.bodyStart().length)));
      ch.socket().getOutputStream().write(
          "HEAD /static/changing.bin HTTP/1.1\r\nHost: t\r\n\r\n".getBytes(StandardCharsets.US_ASCII));
      Head next = readHead(in);

      assertThat(head.text()).startsWith("HTTP/1.1 200 ");
      assertThat(head.contentLength()).isEqualTo(SIZE);
      assertThat(Arrays.equals(body.toByteArray(), contents)).as("the file as it was").isTrue();
      // Keep-alive went on, and nothing past the announced length came before the next head.
      assertThat(next.text()).startsWith("HTTP/1.1 200 ");
      assertThat(next.contentLength()).isEqualTo(SIZE + 1024 * 1024);
    }
  }

  @Test
  void aFileThatShrinksWhileBeingSentClosesTheConnection() throws Exception {
    long received;
    try (SocketChannel ch = client("GET /static/changing.bin HTTP/1.1\r\nHost: t\r\n\r\n")) {
      InputStream in = ch.socket().getInputStream();
      Head head = readHead(in);
      try (FileChannel w = FileChannel.open(file, StandardOpenOption.WRITE)) {
        w.truncate(1024 * 1024);
      }

      // Reads to the end of the stream: the server closes rather than leave us waiting.
      received = head.bodyStart().length + in.transferTo(OutputStream.nullOutputStream());
    }

    assertThat(received).isLessThan(SIZE);
    server.call(() -> Deferred.succeed(null)); // after the reactor turn that closed the connection
    assertThat(OpenFiles.descriptorsOn(file)).as("descriptors open on the file").isZero();
    // The server is still serving: the next connection gets the file as it is now.
    try (SocketChannel ch = client("HEAD /static/changing.bin HTTP/1.1\r\nHost: t\r\n\r\n")) {
      assertThat(readHead(ch.socket().getInputStream()).contentLength()).isEqualTo(1024 * 1024);
    }
  }
}
