package dev.torsion.internet.ssl;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The TLS layer works in buffers borrowed per thread for the length of one event: partial
 * records, input held while paused and layers nested on one thread must survive that.
 */
class TlsLayerBuffersTest {
  private final Clock clock = new Clock();

  private static byte[] random(int size) {
    byte[] data = new byte[size];
    new Random(size).nextBytes(data);
    return data;
  }

  @Test
  void readsLargerThanTheScratchBuffersJoinedToPartialRecordsArriveIntact() {
    Recorder server = Recorder.echo();
    Recorder client = new Recorder();
    IOPump pump =
        IOPump.connect(
            TLS.wrap(server, TestCerts.server().build(), clock),
            TLS.wrap(client, TestCerts.client().build(), clock));
    pump.setMaxBytesPerPump(150_001); // each read ends mid-record and is past 128 KiB
    byte[] data = random(1_000_000);

    client.getTransport().write(data);
    pump.flush();

    assertThat(client.received.toByteArray()).isEqualTo(data);
  }

  @Test
  void recordsLeftUnreadByAPauseInsideDataReceivedAreDeliveredOnResume() {
    Recorder server =
        new Recorder() {
          @Override
          public void dataReceived(byte[] data) {
            boolean first = received.size() == 0;
            super.dataReceived(data);
            if (first) {
              transport.pauseProducing(); // the rest of this read stays in the layer
            }
          }
        };
    Recorder client = new Recorder();
    IOPump pump =
        IOPump.connect(
            TLS.wrap(server, TestCerts.server().build(), clock),
            TLS.wrap(client, TestCerts.client().build(), clock));
    pump.flush();
    byte[] data = random(300_000); // records read in one piece, more than one scratch buffer holds

    client.getTransport().write(data);
    pump.flush();
    int beforeResume = server.received.size();
    server.getTransport().resumeProducing();
    pump.flush();

    assertThat(beforeResume).isBetween(1, data.length - 1);
    assertThat(server.received.toByteArray()).isEqualTo(data);
  }

  @Test
  void tlsInsideTlsOnOneThreadKeepsEachLayersBytesApart() {
    // The inner layer's events run inside the outer layer's, so both hold scratch buffers at once.
    Recorder server = Recorder.echo();
    Recorder client = new Recorder();
    IOPump pump =
        IOPump.connect(
            TLS.wrap(TLS.wrap(server, TestCerts.server().build(), clock), TestCerts.server().build(), clock),
            TLS.wrap(TLS.wrap(client, TestCerts.client().build(), clock), TestCerts.client().build(), clock));
    pump.setMaxBytesPerPump(5_000);
    byte[] data = random(200_000);

    client.getTransport().write(data);
    pump.flush();

    assertThat(server.handshakes).isEqualTo(1);
    assertThat(client.received.toByteArray()).isEqualTo(data);
  }
}
