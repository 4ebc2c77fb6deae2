package dev.torsion.ftp.internal;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class RootedFileSystemTest {
  @TempDir Path dir;

  @Test
  void dotDotStopsAtTheVirtualRoot() {
    assertThat(RootedFileSystem.normalize("/a/b", "../../../../etc")).containsExactly("etc");
    assertThat(RootedFileSystem.normalize("/a", "./b//c/")).containsExactly("a", "b", "c");
    assertThat(RootedFileSystem.normalize("/a", "/x/../y")).containsExactly("y");
    assertThat(RootedFileSystem.virtual(List.of())).isEqualTo("/");
  }

  @Test
  void aSymlinkedParentOutsideTheRootCannotBeWrittenThrough() throws Exception {
    Path root = Files.createDirectories(dir.resolve("root"));
    Path out = Files.createDirectories(dir.resolve("out"));
    Files.createSymbolicLink(root.resolve("door"), out);
    Files.createSymbolicLink(root.resolve("dangling"), out.resolve("new-file"));
    RootedFileSystem fs = new RootedFileSystem(root);

    assertThatThrownBy(() -> fs.forCreate(List.of("door", "x"))).isInstanceOf(RootedFileSystem.OutsideRoot.class);
    assertThatThrownBy(() -> fs.forCreate(List.of("dangling"))).isInstanceOf(RootedFileSystem.OutsideRoot.class);
    assertThatThrownBy(() -> fs.existing(List.of("door"))).isInstanceOf(RootedFileSystem.OutsideRoot.class);
    assertThat(fs.forCreate(List.of("fine.txt"))).isEqualTo(root.toRealPath().resolve("fine.txt"));
  }
}
