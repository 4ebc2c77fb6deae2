package dev.torsion.ftp;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.InetSocketAddress;
import java.net.Socket;
import java.nio.charset.StandardCharsets;

/** A bare FTP control connection for hostile-input tests: send any bytes, read whole replies. */
final class RawControl implements AutoCloseable {
  final Socket socket = new Socket();
  private final BufferedReader in;
  private final OutputStream out;

  RawControl(int port) throws IOException {
    socket.connect(new InetSocketAddress("127.0.0.1", port), 5000);
    socket.setSoTimeout(10_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  /** A reply: "227 Entering..." or the last line of a multi-line one, with the lines before. */
  String reply() throws IOException {
    String first = in.readLine();
    if (first == null) {
      return null;
    }
    if (first.length() >= 4 && first.charAt(3) == '-') {
      StringBuilder all = new StringBuilder(first);
      String code = first.substring(0, 3) + " ";
      String line;
      while ((line = in.readLine()) != null) {
        all.append('\n').append(line);
        if (line.startsWith(code)) {
          break;
        }
      }
      return all.toString();
    }
    return first;
  }

  String send(String line) throws IOException {
    sendRaw((line + "\r\n").getBytes(StandardCharsets.UTF_8));
    return reply();
  }

  void sendRaw(byte[] bytes) throws IOException {
    out.write(bytes);
    out.flush();
  }

  RawControl login(String user, String password) throws IOException {
    String greeting = reply();
    if (!greeting.startsWith("220")) {
      throw new AssertionError(greeting);
    }
    send("USER " + user);
    String r = send("PASS " + password);
    if (!r.startsWith("230")) {
      throw new AssertionError(r);
    }
    return this;
  }

  /** True if the server closed the connection (EOF, or a reset), within the socket timeout. */
  boolean closedByServer() throws IOException {
    try {
      while (true) {
        String line = in.readLine();
        if (line == null) {
          return true;
        }
      }
    } catch (java.net.SocketException e) {
      return true;
    }
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
