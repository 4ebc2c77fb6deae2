package dev.torsion.internet.endpoints;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.ReactorThread;
import java.io.IOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import org.junit.jupiter.api.Test;

/** {@code reusePort=true}: several listeners share one port (SO_REUSEPORT); without it, not. */
class ReusePortTest {
  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      return s.getLocalPort();
    }
  }

  @Test
  void twoListenersShareAPortOnlyWhenBothAskForIt() throws Exception {
    Factory f = Factory.forProtocol(Protocol::new);
    try (ReactorThread a = new ReactorThread("reuse-a"); ReactorThread b = new ReactorThread("reuse-b")) {
      int port = freePort();
      String shared = "tcp:" + port + ":interface=127.0.0.1:reusePort=true";
      assertThat(a.listen(shared, f)).isEqualTo(port);
      assertThat(b.listen(shared, f)).isEqualTo(port);

      assertThatThrownBy(() -> b.listen("tcp:" + port + ":interface=127.0.0.1", f))
          .isInstanceOf(CannotListenError.class);
    }
  }

  @Test
  void reusePortMustBeABoolean() {
    try (ReactorThread a = new ReactorThread()) {
      assertThatThrownBy(() -> a.listen("tcp:0:reusePort=maybe", Factory.forProtocol(Protocol::new)))
          .isInstanceOf(IllegalArgumentException.class)
          .hasMessageContaining("reusePort");
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
