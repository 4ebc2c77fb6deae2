package dev.torsion.protocols;

import static dev.torsion.protocols.Feed.bytes;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.UDPPort;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import java.time.Instant;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class WireProtocolsTest {
  private static final java.time.Clock JUNE_20_1993 =
      java.time.Clock.fixed(Instant.parse("1993-06-20T23:21:05Z"), ZoneOffset.UTC);

  @Test
  void echoWritesBackWhatItReceives() {
    StringTransport transport = new StringTransport();
    Echo echo = new Echo();
    echo.makeConnection(transport);
    echo.dataReceived(bytes("hello"));
    echo.dataReceived(bytes(" world"));
    assertThat(transport.valueString()).isEqualTo("hello world");
  }

  @Test
  void echoClosesAfterTheClientHalfCloses() {
    StringTransport transport = new StringTransport();
    Echo echo = new Echo();
    echo.makeConnection(transport);
    echo.dataReceived(bytes("last words"));
    echo.readConnectionLost();
    assertThat(transport.valueString()).isEqualTo("last words");
    assertThat(transport.disconnecting).isTrue();
    assertThat(transport.aborted).isFalse(); // loseConnection: queued bytes still go out
  }

  @Test
  void discardWritesNothing() {
    StringTransport transport = new StringTransport();
    Discard discard = new Discard();
    discard.makeConnection(transport);
    discard.dataReceived(bytes("ignored"));
    assertThat(transport.value()).isEmpty();
    assertThat(transport.disconnecting).isFalse();
  }

  @Test
  void qotdSendsAQuoteAndCloses() {
    StringTransport transport = new StringTransport();
    new QOTD().makeConnection(transport);
    assertThat(transport.valueString()).isEqualTo("An apple a day keeps the doctor away.\r\n");
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void qotdSendsTheGivenQuote() {
    StringTransport transport = new StringTransport();
    new QOTD("Errors should never pass silently.\r\n").makeConnection(transport);
    assertThat(transport.valueString()).isEqualTo("Errors should never pass silently.\r\n");
  }

  @Test
  void daytimeSendsAsctimeOfUtcAndCloses() {
    StringTransport transport = new StringTransport();
    new Daytime(JUNE_20_1993).makeConnection(transport);
    assertThat(transport.valueString()).isEqualTo("Sun Jun 20 23:21:05 1993\r\n");
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void daytimePadsTheDayWithASpace() {
    StringTransport transport = new StringTransport();
    new Daytime(java.time.Clock.fixed(Instant.parse("2024-03-05T04:03:02Z"), ZoneOffset.UTC))
        .makeConnection(transport);
    assertThat(transport.valueString()).isEqualTo("Tue Mar  5 04:03:02 2024\r\n");
  }

  /** Pauses its push producer once more than {@code highWater} bytes are unsent, as a real one. */
  static final class BackpressureTransport extends StringTransport {
    final int highWater;

    BackpressureTransport(int highWater) {
      this.highWater = highWater;
    }

    @Override
    public void write(byte[] data) {
      super.write(data);
      if (value().length > highWater && producer instanceof PushProducer p) {
        p.pauseProducing();
      }
    }

    /** The peer read everything: the buffer is empty again, so the producer may go on. */
    void drain() {
      clear();
      if (producer instanceof PushProducer p) {
        p.resumeProducing();
      }
    }
  }

  @Test
  void chargenSendsRfc864LinesUntilTheTransportPushesBack() {
    Clock clock = new Clock();
    BackpressureTransport transport = new BackpressureTransport(100_000);
    Chargen chargen = new Chargen(clock);
    chargen.makeConnection(transport);
    assertThat(transport.producer).isSameAs(chargen);
    assertThat(transport.streaming).isTrue();

    clock.advance(0);
    int written = transport.value().length;
    assertThat(written).isGreaterThan(100_000).isLessThan(100_000 + 2 * Chargen.CYCLE.length);
    assertThat(clock.getDelayedCalls()).isEmpty(); // paused: nothing scheduled, no busy loop

    String text = transport.valueString();
    assertThat(text).startsWith(" !\"#$%&'()*+,-./0123456789:;<=>?@ABCDEFGHIJKLMNOPQRSTUVWXYZ[\\]^_`abcdefg\r\n!\"#$");
    assertThat(text.substring(0, 74 * 3).split("\r\n")).allSatisfy(line -> assertThat(line).hasSize(72));

    transport.drain();
    clock.advance(0);
    assertThat(transport.value().length).isGreaterThan(100_000);
  }

  @Test
  void chargenStopsForGoodWhenTheConnectionIsLost() {
    Clock clock = new Clock();
    StringTransport transport = new StringTransport();
    Chargen chargen = new Chargen(clock);
    chargen.makeConnection(transport);
    assertThat(clock.getDelayedCalls()).hasSize(1);
    chargen.transportClosed(Failure.of(new ConnectionDone("bye")));
    assertThat(clock.getDelayedCalls()).isEmpty();
    transport.clear();
    chargen.resumeProducing();
    clock.advance(1);
    assertThat(transport.value()).isEmpty();
  }

  /** Records datagrams sent through it. */
  static final class RecordingPort implements UDPPort {
    final List<String> sent = new ArrayList<>();

    @Override public void write(byte[] data, Address addr) { sent.add(Feed.text(data) + " -> " + addr); }
    @Override public void write(byte[] data) { throw new UnsupportedOperationException(); }
    @Override public void connect(String host, int port) { throw new UnsupportedOperationException(); }
    @Override public Deferred<Void> joinGroup(String group, String iface) { throw new UnsupportedOperationException(); }
    @Override public Deferred<Void> leaveGroup(String group, String iface) { throw new UnsupportedOperationException(); }
    @Override public void setTTL(int ttl) {}
    @Override public void setLoopbackMode(boolean loopback) {}
    @Override public int getTTL() { return 1; }
    @Override public boolean getLoopbackMode() { return true; }
    @Override public Address getHost() { return new IPv4Address("UDP", "127.0.0.1", 7); }
    @Override public Deferred<Void> stopListening() { return Deferred.succeed(null); }
  }

  private static final IPv4Address CLIENT = new IPv4Address("UDP", "10.1.2.3", 4000);

  @Test
  void datagramEchoAnswersTheSender() {
    RecordingPort port = new RecordingPort();
    DatagramEcho echo = new DatagramEcho();
    echo.makeConnection(port);
    echo.datagramReceived(bytes("ping"), CLIENT);
    assertThat(port.sent).containsExactly("ping -> " + CLIENT);
  }

  @Test
  void datagramDiscardAnswersNothing() {
    RecordingPort port = new RecordingPort();
    DatagramDiscard discard = new DatagramDiscard();
    discard.makeConnection(port);
    discard.datagramReceived(bytes("ping"), CLIENT);
    assertThat(port.sent).isEmpty();
  }

  @Test
  void datagramDaytimeAndQotdAnswerAnyDatagram() {
    RecordingPort port = new RecordingPort();
    DatagramDaytime daytime = new DatagramDaytime(JUNE_20_1993);
    daytime.makeConnection(port);
    daytime.datagramReceived(new byte[0], CLIENT);
    DatagramQOTD qotd = new DatagramQOTD("Now is better than never.\r\n");
    qotd.makeConnection(port);
    qotd.datagramReceived(bytes("?"), CLIENT);
    assertThat(port.sent)
        .containsExactly(
            "Sun Jun 20 23:21:05 1993\r\n -> " + CLIENT, "Now is better than never.\r\n -> " + CLIENT);
  }
}
