package dev.torsion.conch.sftp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.AccessDeniedException;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class ConfinedPathsTest {
  @TempDir Path dir;

  @Test
  void dotDotStopsAtTheRoot() {
    assertThat(ConfinedPaths.normalize("../../etc/passwd")).isEqualTo("/etc/passwd");
    assertThat(ConfinedPaths.normalize("a/./b//c/../d/")).isEqualTo("/a/b/d");
    assertThat(ConfinedPaths.normalize("")).isEqualTo("/");
  }

  @Test
  void namesMapUnderTheRoot() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root/sub"));
    ConfinedPaths paths = new ConfinedPaths(dir.resolve("root"));
    assertThat(paths.resolve("/sub/x.txt", false))
        .isEqualTo(root.toRealPath().resolve("x.txt"));
    assertThat(paths.resolve("/../../sub", true)).isEqualTo(root.toRealPath());
    assertThat(paths.virtual(paths.resolve("sub", true))).isEqualTo("/sub");
  }

  @Test
  void aSymlinkedDirectoryLeadingOutIsRefused() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.createSymbolicLink(root.resolve("out"), dir);
    ConfinedPaths paths = new ConfinedPaths(root);
    assertThatThrownBy(() -> paths.resolve("/out/anything", false))
        .isInstanceOf(AccessDeniedException.class);
  }

  @Test
  void aSymlinkedFileLeadingOutIsRefusedWhenFollowed() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Files.writeString(dir.resolve("secret"), "x");
    Files.createSymbolicLink(root.resolve("link"), dir.resolve("secret"));
    ConfinedPaths paths = new ConfinedPaths(root);
    assertThatThrownBy(() -> paths.resolve("/link", true))
        .isInstanceOf(AccessDeniedException.class);
    // Not followed (lstat, remove): the link itself, which is inside.
    assertThat(paths.resolve("/link", false)).isEqualTo(root.toRealPath().resolve("link"));
  }

  @Test
  void aSymlinkInsideTheRootIsFine() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root/a"));
    Files.createSymbolicLink(dir.resolve("root/b"), root);
    ConfinedPaths paths = new ConfinedPaths(dir.resolve("root"));
    assertThat(paths.resolve("/b", true)).isEqualTo(root.toRealPath());
  }
}
