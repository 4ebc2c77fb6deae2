package dev.torsion.trial;

import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.stream.Stream;

/**
 * Counts the file descriptors this process holds open on a file, from Linux's {@code
 * /proc/self/fd}: for tests that a file handed to a transport (a sendfile region, a spooled
 * upload) was closed, where counting every descriptor would also count the JVM's own.
 *
 * <pre>{@code
 * assertThat(OpenFiles.descriptorsOn(path)).isZero();
 * }</pre>
 */
public final class OpenFiles {
  private OpenFiles() {}

  /** How many of this process's descriptors are open on {@code path} now. */
  public static long descriptorsOn(Path path) throws IOException {
    Path real = path.toRealPath();
    try (Stream<Path> fds = Files.list(Path.of("/proc/self/fd"))) {
      return fds.filter(fd -> {
        try {
          return Files.readSymbolicLink(fd).equals(real);
        } catch (IOException e) {
          return false; // closed meanwhile (the listing's own descriptor)
        }
      }).count();
    }
  }
}
