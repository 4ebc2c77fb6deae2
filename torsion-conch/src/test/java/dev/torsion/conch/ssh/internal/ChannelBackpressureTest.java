package dev.torsion.conch.ssh.internal;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.PushProducer;
import dev.torsion.internet.Reactor;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A producer behind a channel is paused while the peer's window holds output back. */
class ChannelBackpressureTest {
  private static final class Sent extends Connection {
    final List<byte[]> messages = new ArrayList<>();

    @Override
    void send(byte[] payload) {
      messages.add(payload);
    }

    @Override
    Reactor reactor() {
      return null;
    }

    @Override
    void channelOpen(String kind, int sender, long window, int maxPacket, SSHReader r) {}

    @Override
    byte[] globalRequest(String name, SSHReader r) {
      return null;
    }

    @Override
    int maxChannels() {
      return 10;
    }
  }

  private static final class Recorder implements PushProducer {
    final List<String> calls = new ArrayList<>();

    @Override
    public void pauseProducing() {
      calls.add("pause");
    }

    @Override
    public void resumeProducing() {
      calls.add("resume");
    }

    @Override
    public void stopProducing() {
      calls.add("stop");
    }
  }

  private static final class Plain extends Channel {
    Plain(Connection c) {
      super(c, 0);
    }

    @Override
    void dataReceived(int type, byte[] data) {}

    @Override
    void eofReceived() {}

    @Override
    void closed() {}
  }

  @Test
  void pausesAboveHighWaterAndResumesBelowLowWater() {
    Sent connection = new Sent();
    Plain channel = new Plain(connection);
    channel.setRemote(7, 32 * 1024, 32 * 1024);
    Recorder producer = new Recorder();
    channel.registerProducer(producer);

    byte[] chunk = new byte[64 * 1024];
    int writes = 0;
    while (producer.calls.isEmpty()) {
      channel.write(0, chunk);
      writes++;
      assertThat(writes).as("paused before a runaway queue").isLessThan(100);
    }
    assertThat(producer.calls).containsExactly("pause");
    assertThat(channel.queuedBytes()).isGreaterThan(Channel.HIGH_WATER);

    // A small window opening is not enough to resume...
    channel.windowAdjust(64 * 1024);
    assertThat(producer.calls).containsExactly("pause");
    // ...draining to the low-water mark is.
    channel.windowAdjust(channel.queuedBytes());
    assertThat(channel.queuedBytes()).isZero();
    assertThat(producer.calls).containsExactly("pause", "resume");
    assertThat(connection.messages).isNotEmpty();
  }
}
