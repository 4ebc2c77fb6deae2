package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.cred.InMemoryUsers;
import dev.torsion.cred.Portal;
import dev.torsion.cred.Realm;
import dev.torsion.trial.MemoryReactor;
import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.List;

/**
 * The whole server transport under Jazzer, from the first byte: whatever arrives, nothing
 * escapes dataReceived, and where the connection ends is the same however the bytes are split.
 * Seeds in ServerTransportFuzzTestInputs/.
 */
class ServerTransportFuzzTest {
  private static final HostKey KEY = HostKey.generateEd25519();

  private static boolean feed(byte[] bytes, int split) {
    MemoryReactor reactor = new MemoryReactor();
    Portal portal = new Portal(Realm.of(ConchUser.class, id -> new ConchUser() { }),
        new InMemoryUsers().addUser("alice", "s3cret"));
    SSHServerTransport server = (SSHServerTransport) new SSHServerFactory(reactor, portal,
        List.of(KEY)).buildProtocol(null);
    StringTransport wire = new StringTransport();
    server.makeConnection(wire);
    server.dataReceived(Arrays.copyOf(bytes, split));
    server.dataReceived(Arrays.copyOfRange(bytes, split, bytes.length));
    return wire.disconnecting;
  }

  @FuzzTest(maxDuration = "10s")
  void nothingEscapesAndSplitsDoNotMatter(FuzzedDataProvider data) {
    boolean withVersion = data.consumeBoolean();
    int split = data.consumeInt(0, 1000);
    byte[] rest = data.consumeRemainingAsBytes();
    byte[] prefix = withVersion ? "SSH-2.0-fuzz\r\n".getBytes(StandardCharsets.US_ASCII)
        : new byte[0];
    byte[] bytes = Arrays.copyOf(prefix, prefix.length + rest.length);
    System.arraycopy(rest, 0, bytes, prefix.length, rest.length);
    boolean whole = feed(bytes, bytes.length);
    assertThat(feed(bytes, Math.min(split, bytes.length))).isEqualTo(whole);
  }
}
