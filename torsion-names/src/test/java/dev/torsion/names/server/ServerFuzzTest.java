package dev.torsion.names.server;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.names.Message;
import dev.torsion.names.RRHeader;
import dev.torsion.trial.MemoryReactor;
import java.nio.file.Path;
import java.util.List;

/**
 * The zone file parser and the server's handling of raw queries under Jazzer. Zone text gives
 * records or ZoneFileError, never anything else, and every record it gives fits on the wire.
 * Query bytes always get an answer at once (no upstream here), each response encodes and fits
 * a UDP datagram of 512 octets, and a query that is not even a header gets none. Seeds in
 * ServerFuzzTestInputs/.
 */
class ServerFuzzTest {
  private static final DNSServerFactory SERVER;

  static {
    try {
      Path zone = Path.of(ServerFuzzTest.class.getResource(
          "/dev/torsion/names/example.com.zone").toURI());
      SERVER = new DNSServerFactory(new MemoryReactor(), List.of(BindAuthority.load(zone)), null,
          ServerOptions.defaults());
    } catch (Exception e) {
      throw new ExceptionInInitializerError(e);
    }
  }

  @FuzzTest(maxDuration = "20s")
  void zoneTextGivesRecordsThatEncodeOrZoneFileError(FuzzedDataProvider data) {
    String text = data.consumeRemainingAsString();
    List<RRHeader> records;
    try {
      records = ZoneFile.parse(text, "example.com", "fuzz");
    } catch (ZoneFileError e) {
      assertThat(e.getMessage()).startsWith("fuzz:");
      return;
    }
    assertThat(records.size()).isLessThanOrEqualTo(text.length());
    Message m = new Message();
    m.getAnswers().addAll(records);
    byte[] wire = m.toBytes();
    assertThat(Message.fromBytes(wire).getAnswers()).hasSameSizeAs(records);
  }

  @FuzzTest(maxDuration = "20s")
  void everyQueryGetsAnEncodableAnswerAtOnce(FuzzedDataProvider data) {
    boolean tcp = data.consumeBoolean();
    byte[] query = data.consumeRemainingAsBytes();
    Object[] out = new Object[1];
    SERVER.handleBytes(query, tcp).addCallbacks(v -> out[0] = v, f -> out[0] = f);
    assertThat(out[0]).as("answered at once").isInstanceOf(List.class);
    @SuppressWarnings("unchecked")
    List<Message> responses = (List<Message>) out[0];
    if (query.length < 2) {
      assertThat(responses).isEmpty();
    }
    for (Message r : responses) {
      assertThat(r.isAnswer()).isTrue();
      assertThat(r.getId()).isEqualTo(((query[0] & 0xFF) << 8) | (query[1] & 0xFF));
      assertThat(Message.fromBytes(r.toBytes()).getId()).isEqualTo(r.getId());
      if (!tcp) {
        assertThat(DNSServerFactory.fit(r, 512).length).isLessThanOrEqualTo(512);
      }
    }
  }
}
