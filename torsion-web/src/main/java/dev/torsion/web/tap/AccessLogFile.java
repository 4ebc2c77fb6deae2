package dev.torsion.web.tap;

import dev.torsion.internet.Log;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.util.function.Consumer;

/**
 * The web plugin's access log: one file shared by every reactor's connections, so each line is
 * written under a lock, and closed only when the service has stopped (after in-flight requests
 * have finished and been logged), not when the port stops listening.
 */
final class AccessLogFile implements Consumer<String> {
  private final Path file;
  private final BufferedWriter out;
  private boolean closed;

  AccessLogFile(Path file) throws IOException {
    this.file = file;
    this.out = Files.newBufferedWriter(file, StandardCharsets.UTF_8,
        StandardOpenOption.CREATE, StandardOpenOption.APPEND);
  }

  @Override
  public synchronized void accept(String line) {
    if (closed) {
      return; // a connection cut off at the shutdown timeout, logging after the end
    }
    try {
      out.write(line);
      out.write('\n');
      out.flush();
    } catch (IOException e) {
      Log.err(e, "cannot write access log " + file);
    }
  }

  synchronized void close() {
    if (closed) {
      return;
    }
    closed = true;
    try {
      out.close();
    } catch (IOException e) {
      Log.err(e, "cannot close access log " + file);
    }
  }
}
