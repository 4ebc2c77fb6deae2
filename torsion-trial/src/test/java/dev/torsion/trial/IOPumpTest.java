package dev.torsion.trial;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.successResultOf;
import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PullProducer;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.task.Clock;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class IOPumpTest {
  /** Records everything that happens to it. */
  static class Recorder extends Protocol {
    final ByteArrayOutputStream received = new ByteArrayOutputStream();
    final List<Integer> chunkSizes = new ArrayList<>();
    Failure lost;
    String greeting;

    Recorder() {}

    Recorder(String greeting) {
      this.greeting = greeting;
    }

    @Override
    public void connectionMade() {
      if (greeting != null) {
        transport.write(greeting.getBytes(UTF_8));
      }
    }

    @Override
    public void dataReceived(byte[] data) {
      received.writeBytes(data);
      chunkSizes.add(data.length);
    }

    @Override
    public void connectionLost(Failure reason) {
      if (lost != null) {
        throw new AssertionError("connectionLost called twice");
      }
      lost = reason;
    }

    String text() {
      return received.toString(UTF_8);
    }
  }

  static final class HalfCloser extends Recorder implements HalfCloseableProtocol {
    boolean readLost;
    boolean writeLost;

    @Override
    public void readConnectionLost() {
      readLost = true;
      transport.write("bye".getBytes(UTF_8));
      transport.loseConnection();
    }

    @Override
    public void writeConnectionLost() {
      writeLost = true;
    }
  }

  @Test
  void greetingsAreDeliveredOnConnect() {
    Recorder server = new Recorder("220 ready\r\n");
    Recorder client = new Recorder("HELO\r\n");
    IOPump.connect(server, client);
    assertThat(client.text()).isEqualTo("220 ready\r\n");
    assertThat(server.text()).isEqualTo("HELO\r\n");
  }

  @Test
  void nothingMovesUntilPumped() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client, false);
    client.getTransport().write("abc".getBytes(UTF_8));
    assertThat(server.text()).isEmpty();
    assertThat(pump.clientTransport().queuedBytes()).isEqualTo(3);
    assertThat(pump.pump()).isTrue();
    assertThat(server.text()).isEqualTo("abc");
    assertThat(pump.pump()).isFalse();
  }

  @Test
  void deliveryCanBeLimitedPerPump() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client).setMaxBytesPerPump(2);
    client.getTransport().write("hello".getBytes(UTF_8));
    pump.pump();
    assertThat(server.text()).isEqualTo("he");
    pump.flush();
    assertThat(server.text()).isEqualTo("hello");
    assertThat(server.chunkSizes).containsExactly(2, 2, 1);
  }

  @Test
  void pausedDeliveryHoldsDataAndCloses() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    pump.pauseDelivery();
    client.getTransport().write("x".getBytes(UTF_8));
    client.getTransport().loseConnection();
    pump.flush();
    assertThat(server.text()).isEmpty();
    assertThat(server.lost).isNull();
    pump.resumeDelivery();
    pump.flush();
    assertThat(server.text()).isEqualTo("x");
    assertThat(server.lost.value()).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void loseConnectionDeliversQueuedDataThenClosesBothSidesCleanly() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    server.getTransport().write("last words".getBytes(UTF_8));
    server.getTransport().loseConnection();
    assertThat(server.getTransport().isDisconnecting()).isTrue();
    pump.flush();
    assertThat(client.text()).isEqualTo("last words");
    assertThat(client.lost.value()).isInstanceOf(ConnectionDone.class);
    assertThat(server.lost.value()).isInstanceOf(ConnectionDone.class);
    assertThat(server.isConnected()).isFalse();
    assertThat(client.isConnected()).isFalse();
  }

  @Test
  void abortDropsQueuedDataAndReportsAbortedAndLost() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    client.getTransport().write("never sent".getBytes(UTF_8));
    client.getTransport().abortConnection();
    pump.flush();
    assertThat(server.text()).isEmpty();
    assertThat(client.lost.value()).isInstanceOf(ConnectionAborted.class);
    assertThat(server.lost.value()).isInstanceOf(ConnectionLost.class);
    assertThat(pump.clientTransport().isAborted()).isTrue();
  }

  @Test
  void halfCloseReachesAHalfCloseableProtocolWhichMayStillWrite() {
    HalfCloser server = new HalfCloser();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    client.getTransport().write("request".getBytes(UTF_8));
    client.getTransport().loseWriteConnection();
    pump.flush();
    assertThat(server.text()).isEqualTo("request");
    assertThat(server.readLost).isTrue();
    assertThat(client.text()).isEqualTo("bye");
    assertThat(client.lost.value()).isInstanceOf(ConnectionDone.class);
    assertThat(server.lost.value()).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void halfCloseOfAPlainProtocolEndsTheConnection() {
    Recorder server = new Recorder();
    HalfCloser client = new HalfCloser();
    IOPump pump = IOPump.connect(server, client);
    client.getTransport().loseWriteConnection();
    pump.flush();
    assertThat(client.writeLost).isTrue();
    assertThat(server.lost.value()).isInstanceOf(ConnectionDone.class);
    assertThat(client.lost.value()).isInstanceOf(ConnectionDone.class);
  }

  @Test
  void pushProducerIsPausedAboveTheHighWaterMarkAndResumedWhenDrained() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client).setHighWaterMark(4);
    List<String> events = new ArrayList<>();
    PushProducer producer =
        new PushProducer() {
          @Override
          public void pauseProducing() {
            events.add("pause");
          }

          @Override
          public void resumeProducing() {
            events.add("resume");
          }

          @Override
          public void stopProducing() {
            events.add("stop");
          }
        };
    client.getTransport().registerProducer(producer, true);
    client.getTransport().write("12345".getBytes(UTF_8));
    assertThat(events).containsExactly("pause");
    pump.flush();
    assertThat(events).containsExactly("pause", "resume");
    client.getTransport().loseConnection();
    pump.flush();
    assertThat(events).containsExactly("pause", "resume", "stop");
  }

  @Test
  void transportWaterMarksOverrideThePumpsAndTheQueueIsVisible() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    List<String> events = new ArrayList<>();
    client.getTransport().setWriteBufferWaterMarks(0, 2);
    client.getTransport().registerProducer(
        new PushProducer() {
          @Override
          public void pauseProducing() {
            events.add("pause");
          }

          @Override
          public void resumeProducing() {
            events.add("resume");
          }

          @Override
          public void stopProducing() {}
        },
        true);
    client.getTransport().write("ab".getBytes(UTF_8));
    assertThat(events).isEmpty();
    client.getTransport().write("c".getBytes(UTF_8));
    assertThat(events).containsExactly("pause");
    assertThat(client.getTransport().getWriteBufferSize()).isEqualTo(3);
    pump.flush();
    assertThat(client.getTransport().getWriteBufferSize()).isZero();
    assertThat(events).containsExactly("pause", "resume");
  }

  @Test
  void pullProducerIsAskedForMoreWhenTheQueueIsEmpty() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    int[] remaining = {3};
    client.getTransport().registerProducer(
        new PullProducer() {
          @Override
          public void resumeProducing() {
            if (remaining[0]-- > 0) {
              client.getTransport().write("chunk;".getBytes(UTF_8));
            } else {
              client.getTransport().unregisterProducer();
            }
          }

          @Override
          public void stopProducing() {}
        },
        false);
    pump.flush();
    assertThat(server.text()).isEqualTo("chunk;chunk;chunk;");
    assertThat(pump.clientTransport().producer()).isNull();
  }

  @Test
  void aTransportPausedAsAProducerReceivesNothingUntilResumed() {
    Recorder server = new Recorder();
    Recorder client = new Recorder();
    IOPump pump = IOPump.connect(server, client);
    server.getTransport().pauseProducing();
    client.getTransport().write("wait".getBytes(UTF_8));
    pump.flush();
    assertThat(server.text()).isEmpty();
    server.getTransport().resumeProducing();
    pump.flush();
    assertThat(server.text()).isEqualTo("wait");
  }

  @Test
  void connectedServerAndClientBuildsFromFactoriesWithAddresses() {
    IOPump pump =
        IOPump.connectedServerAndClient(
            Factory.forProtocol(() -> new Recorder("hi")), Factory.forProtocol(Recorder::new));
    Recorder server = pump.server();
    Recorder client = pump.client();
    assertThat(client.text()).isEqualTo("hi");
    assertThat(server.getFactory()).isNotNull();
    assertThat(client.getTransport().getPeer()).isEqualTo(IOPump.SERVER_ADDRESS);
    assertThat(server.getTransport().getPeer()).isEqualTo(client.getTransport().getHost());
    assertThat(((IPv4Address) server.getTransport().getPeer()).port()).isBetween(49152, 65535);
  }

  @Test
  void loopbackAsyncPumpsOnTheClockAndFiresWhenBothSidesClosed() {
    Clock clock = new Clock();
    Recorder server = new Recorder("pong");
    Recorder client =
        new Recorder() {
          @Override
          public void dataReceived(byte[] data) {
            super.dataReceived(data);
            transport.loseConnection();
          }
        };
    Deferred<Void> done = IOPump.loopbackAsync(clock, server, client);
    assertNoResult(done);
    assertThat(client.text()).isEmpty();
    clock.advance(0);
    assertThat(client.text()).isEqualTo("pong");
    successResultOf(done);
    assertThat(server.lost.value()).isInstanceOf(ConnectionDone.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }
}
