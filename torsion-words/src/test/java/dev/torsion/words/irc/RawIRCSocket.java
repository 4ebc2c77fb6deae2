package dev.torsion.words.irc;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.InputStreamReader;
import java.io.OutputStream;
import java.net.Socket;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** A plain blocking socket speaking raw IRC lines, for hostile-input tests; 10 s read timeout. */
final class RawIRCSocket implements AutoCloseable {
  final Socket socket;
  private final BufferedReader in;
  private final OutputStream out;
  final List<String> seen = new ArrayList<>();

  RawIRCSocket(int port) throws IOException {
    socket = new Socket("127.0.0.1", port);
    socket.setSoTimeout(10_000);
    in = new BufferedReader(new InputStreamReader(socket.getInputStream(), StandardCharsets.UTF_8));
    out = socket.getOutputStream();
  }

  RawIRCSocket send(String... lines) throws IOException {
    for (String l : lines) {
      out.write((l + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    out.flush();
    return this;
  }

  void sendBytes(byte[] b) throws IOException {
    out.write(b);
    out.flush();
  }

  /** Reads lines until one contains {@code text}; returns it (fails on close or timeout). */
  String await(String text) throws IOException {
    while (true) {
      String l = in.readLine();
      if (l == null) {
        throw new AssertionError("closed before a line with '" + text + "'; saw " + seen);
      }
      seen.add(l);
      if (l.contains(text)) {
        return l;
      }
    }
  }

  /** Reads to the end of the stream (the server closed); returns the lines. */
  List<String> readToEnd() throws IOException {
    List<String> rest = new ArrayList<>();
    for (String l; (l = in.readLine()) != null; ) {
      rest.add(l);
    }
    return rest;
  }

  RawIRCSocket register(String nick) throws IOException {
    send("NICK " + nick, "USER " + nick + " 0 * :raw");
    await(" 376 ");
    return this;
  }

  @Override
  public void close() throws IOException {
    socket.close();
  }
}
