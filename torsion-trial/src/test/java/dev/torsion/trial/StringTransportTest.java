package dev.torsion.trial;

import static java.nio.charset.StandardCharsets.UTF_8;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.ConnectionAborted;
import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Failure;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import java.nio.ByteBuffer;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

class StringTransportTest {
  @Test
  void recordsWritesInOrder() {
    StringTransport t = new StringTransport();
    t.write("ab".getBytes(UTF_8));
    t.write(ByteBuffer.wrap("cd".getBytes(UTF_8)));
    t.writeSequence(List.of("e".getBytes(UTF_8), "f".getBytes(UTF_8)));
    assertThat(t.value()).isEqualTo("abcdef".getBytes(UTF_8));
    assertThat(t.valueString()).isEqualTo("abcdef");
  }

  @Test
  void writingABufferLeavesItsPositionAlone() {
    StringTransport t = new StringTransport();
    ByteBuffer b = ByteBuffer.wrap("xyz".getBytes(UTF_8));
    b.position(1);
    t.write(b);
    assertThat(t.valueString()).isEqualTo("yz");
    assertThat(b.position()).isEqualTo(1);
  }

  @Test
  void clearForgetsWrittenBytes() {
    StringTransport t = new StringTransport();
    t.write(new byte[] {1, 2});
    t.clear();
    t.write(new byte[] {3});
    assertThat(t.value()).containsExactly(3);
  }

  @Test
  void loseConnectionAndAbortSetFlags() {
    StringTransport t = new StringTransport();
    assertThat(t.isDisconnecting()).isFalse();
    t.loseConnection();
    assertThat(t.disconnecting).isTrue();
    assertThat(t.aborted).isFalse();
    StringTransport u = new StringTransport();
    u.abortConnection();
    assertThat(u.disconnecting).isTrue();
    assertThat(u.isAborted()).isTrue();
    u.loseWriteConnection();
    assertThat(u.writeConnectionLost).isTrue();
  }

  @Test
  void addressesDefaultLikeTwistedAndAreConfigurable() {
    StringTransport t = new StringTransport();
    assertThat(t.getHost()).isEqualTo(new IPv4Address("TCP", "10.0.0.1", 12345));
    assertThat(t.getPeer()).isEqualTo(new IPv4Address("TCP", "192.168.1.1", 54321));
    IPv4Address peer = new IPv4Address("TCP", "127.0.0.1", 9);
    t.peerAddress = peer;
    assertThat(t.getPeer()).isEqualTo(peer);
  }

  @Test
  void registersOneProducerAtATime() {
    StringTransport t = new StringTransport();
    PushProducer p = new RecordingProducer();
    t.registerProducer(p, true);
    assertThat(t.producer).isSameAs(p);
    assertThat(t.streaming).isTrue();
    assertThatThrownBy(() -> t.registerProducer(new RecordingProducer(), true))
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("still registered");
    t.unregisterProducer();
    assertThat(t.producer).isNull();
    assertThatThrownBy(t::unregisterProducer).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void tracksItsOwnProducerState() {
    StringTransport t = new StringTransport();
    assertThat(t.producerState).isEqualTo(StringTransport.ProducerState.PRODUCING);
    t.pauseProducing();
    assertThat(t.producerState).isEqualTo(StringTransport.ProducerState.PAUSED);
    t.resumeProducing();
    assertThat(t.producerState).isEqualTo(StringTransport.ProducerState.PRODUCING);
    t.stopProducing();
    assertThat(t.producerState).isEqualTo(StringTransport.ProducerState.STOPPED);
    assertThatThrownBy(t::resumeProducing).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void withDisconnectionTellsTheProtocolOnce() {
    List<Failure> reasons = new ArrayList<>();
    Protocol proto =
        new Protocol() {
          @Override
          public void connectionLost(Failure reason) {
            reasons.add(reason);
          }
        };
    StringTransportWithDisconnection t = new StringTransportWithDisconnection(proto);
    proto.makeConnection(t);
    t.loseConnection();
    t.loseConnection();
    t.abortConnection();
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0).value()).isInstanceOf(ConnectionDone.class);
    assertThat(proto.isConnected()).isFalse();
  }

  @Test
  void withDisconnectionAbortReportsConnectionAborted() {
    List<Failure> reasons = new ArrayList<>();
    Protocol proto =
        new Protocol() {
          @Override
          public void connectionLost(Failure reason) {
            reasons.add(reason);
          }
        };
    StringTransportWithDisconnection t = new StringTransportWithDisconnection(proto);
    proto.makeConnection(t);
    t.abortConnection();
    assertThat(reasons).hasSize(1);
    assertThat(reasons.get(0).value()).isInstanceOf(ConnectionAborted.class);
  }

  private static final class RecordingProducer implements PushProducer {
    @Override
    public void pauseProducing() {}

    @Override
    public void resumeProducing() {}

    @Override
    public void stopProducing() {}
  }
}
