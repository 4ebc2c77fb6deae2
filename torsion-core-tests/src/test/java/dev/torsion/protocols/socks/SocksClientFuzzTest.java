package dev.torsion.protocols.socks;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.protocols.socks.internal.SocksClientHandshake;
import dev.torsion.trial.StringTransport;

/**
 * The SOCKS client handshake under Jazzer: whatever a proxy answers, nothing throws out of
 * dataReceived, and the outcome is a granted connection or a SOCKSError. Seeds in
 * SocksClientFuzzTestInputs/.
 */
class SocksClientFuzzTest {
  @FuzzTest(maxDuration = "20s")
  void anyProxyReplyEndsInAConnectionOrASocksError(FuzzedDataProvider data) {
    int version = data.consumeBoolean() ? 5 : 4;
    boolean auth = data.consumeBoolean();
    Deferred<Protocol> result = new Deferred<>();
    SocksClientHandshake h = new SocksClientHandshake(version, "example.com", 80,
        auth ? "user" : null, auth ? "pw" : null, Factory.forProtocol(Protocol::new), result);
    StringTransport t = new StringTransport();
    h.makeConnection(t);
    while (data.remainingBytes() > 0) {
      h.dataReceived(data.consumeBytes(data.consumeInt(1, 16)));
    }
    result.addErrback(f -> {
      f.trap(SOCKSError.class);
      return null;
    });
    if (result.called() && !h.relaying() && !t.disconnecting) {
      throw new AssertionError("failed but left the proxy connection open");
    }
  }
}
