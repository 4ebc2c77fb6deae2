package dev.torsion.trial;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;
import org.opentest4j.TestAbortedException;

class PeersTest {
  @Test
  void findsAProgramOnThePath() {
    // sh is on every machine this project builds on
    assertThat(Peers.require("sh")).endsWith("/sh").startsWith("/");
  }

  @Test
  void acceptsAnAbsolutePath() {
    String sh = Peers.require("sh");
    assertThat(Peers.require(sh)).isEqualTo(sh);
  }

  @Test
  void missingProgramSkipsOrFailsWithTheInstallHint() {
    String expected = "peer 'no-such-program-xyz' not installed (apt-get install no-such-program-xyz)";
    if (Peers.peersRequired()) {
      assertThatThrownBy(() -> Peers.require("no-such-program-xyz"))
          .isInstanceOf(AssertionFailedError.class)
          .hasMessageContaining(expected);
    } else {
      assertThatThrownBy(() -> Peers.require("no-such-program-xyz"))
          .isInstanceOf(TestAbortedException.class)
          .hasMessageContaining(expected);
    }
  }

  @Test
  void knownProgramsNameTheirDebianPackage() {
    Throwable t = catchAny(() -> Peers.require("/nonexistent/dig"));
    assertThat(t).hasMessageContaining("apt-get install bind9-dnsutils");
  }

  @Test
  void missingPythonModuleNamesItsPackage() {
    Throwable t = catchAny(() -> Peers.requirePython("no_such_module_xyz"));
    assertThat(t)
        .hasMessageContaining("not installed")
        .satisfiesAnyOf(
            e -> assertThat(e).hasMessageContaining("python3-no-such-module-xyz"),
            e -> assertThat(e).hasMessageContaining("apt-get install python3)"));
  }

  @Test
  void pythonModuleNamesAreValidated() {
    assertThatThrownBy(() -> Peers.requirePython("os; import sys"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  private static Throwable catchAny(Runnable r) {
    try {
      r.run();
    } catch (Throwable t) {
      return t;
    }
    throw new AssertionError("expected the call to skip or fail");
  }
}
