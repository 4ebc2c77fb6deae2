package dev.torsion.internet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSHandshakeError;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.ssl.internal.TLSLayer;
import dev.torsion.trial.StringTransport;
import java.util.ArrayList;
import java.util.List;

/**
 * The TLS layer of a server fed what a peer that does not speak TLS sends (an HTTP request, a
 * PROXY line, noise, a ClientHello cut short) under Jazzer. The record layer is the JDK's
 * SSLEngine; the harness holds Torsion's layer to its contract around it: dataReceived never
 * throws, nothing reaches the application before a handshake (no plaintext is taken for data),
 * and the layer either waits for more or ends the connection with a TLSHandshakeError that
 * names the peer; and it does the same whether the bytes come whole or cut anywhere. Seeds in
 * TlsPlaintextFuzzTestInputs/.
 */
class TlsPlaintextFuzzTest {
  private static final TLSOptions SERVER =
      TLSOptions.forServer(SelfSignedCertificate.generate("localhost").keyMaterial()).build();

  /** What the application saw and how the connection ended. */
  private record Outcome(boolean closed, String failure, int appBytes) {}

  private static Outcome run(List<byte[]> pieces) {
    List<Failure> lost = new ArrayList<>();
    int[] appBytes = {0};
    Protocol app = new Protocol() {
      @Override
      public void dataReceived(byte[] data) {
        appBytes[0] += data.length;
      }

      @Override
      public void connectionLost(Failure reason) {
        lost.add(reason);
      }
    };
    TLSLayer layer = new TLSLayer(SERVER, app, null, false);
    StringTransport below = new StringTransport();
    layer.makeConnection(below);
    for (byte[] p : pieces) {
      if (below.disconnecting) {
        break;
      }
      layer.dataReceived(p);
    }
    boolean closed = below.disconnecting;
    if (closed) {
      layer.connectionLost(Failure.of(new dev.torsion.internet.ConnectionDone("closed below")));
      assertThat(lost).hasSize(1);
      assertThat(lost.get(0).value()).isInstanceOf(TLSHandshakeError.class);
      assertThat(lost.get(0).getErrorMessage()).contains("TLS handshake with");
    }
    return new Outcome(closed, closed ? lost.get(0).value().getClass().getName() : null,
        appBytes[0]);
  }

  @FuzzTest(maxDuration = "20s")
  void plaintextNeverReachesTheApplication(FuzzedDataProvider data) {
    List<byte[]> pieces = Splits.pieces(data, 3);
    Outcome whole = run(List.of(Splits.whole(pieces)));
    Outcome split = run(pieces);
    assertThat(whole.appBytes()).isZero();
    assertThat(split).isEqualTo(whole);
  }
}
