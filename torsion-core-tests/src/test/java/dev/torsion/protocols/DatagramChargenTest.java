package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.UDPPort;
import dev.torsion.internet.IPv4Address;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Deque;
import java.util.List;
import java.util.random.RandomGenerator;
import org.junit.jupiter.api.Test;

final class DatagramChargenTest {
  private static final IPv4Address CLIENT = new IPv4Address("UDP", "10.1.2.3", 4000);

  /** Gives the lengths the test asks for, and checks the bound the protocol asked with. */
  private static final class Lengths implements RandomGenerator {
    final Deque<Integer> next = new ArrayDeque<>();
    final List<Integer> bounds = new ArrayList<>();

    Lengths(Integer... lengths) {
      next.addAll(List.of(lengths));
    }

    @Override
    public int nextInt(int bound) {
      bounds.add(bound);
      return next.removeFirst();
    }

    @Override
    public long nextLong() {
      throw new UnsupportedOperationException();
    }
  }

  /** Keeps each datagram sent, and who it went to. */
  private static final class Sent implements UDPPort {
    final List<byte[]> datagrams = new ArrayList<>();
    final List<Address> to = new ArrayList<>();

    @Override public void write(byte[] data, Address addr) { datagrams.add(data); to.add(addr); }
    @Override public void write(byte[] data) { throw new UnsupportedOperationException(); }
    @Override public void connect(String host, int port) { throw new UnsupportedOperationException(); }
    @Override public Deferred<Void> joinGroup(String group, String iface) { throw new UnsupportedOperationException(); }
    @Override public Deferred<Void> leaveGroup(String group, String iface) { throw new UnsupportedOperationException(); }
    @Override public void setTTL(int ttl) {}
    @Override public void setLoopbackMode(boolean loopback) {}
    @Override public int getTTL() { return 1; }
    @Override public boolean getLoopbackMode() { return true; }
    @Override public Address getHost() { return new IPv4Address("UDP", "127.0.0.1", 19); }
    @Override public Deferred<Void> stopListening() { return Deferred.succeed(null); }
  }

  @Test
  void eachDatagramIsAnsweredWithARandomLengthOfThePatternUpTo512() {
    Lengths lengths = new Lengths(512, 0, 10);
    DatagramChargen chargen = new DatagramChargen(lengths);
    Sent port = new Sent();
    chargen.makeConnection(port);

    chargen.datagramReceived("ignored".getBytes(), CLIENT);
    chargen.datagramReceived(new byte[0], CLIENT);
    chargen.datagramReceived(new byte[100], CLIENT);

    assertThat(lengths.bounds).containsOnly(513); // RFC 864: between 0 and 512
    assertThat(port.datagrams).extracting(d -> d.length).containsExactly(512, 0, 10);
    String cycle = Chargen.cycleText();
    // The first answer starts at line 0 and runs past the first lines' CRLFs.
    assertThat(new String(port.datagrams.get(0))).isEqualTo(cycle.substring(0, 512));
    // Each answer starts one line further along: the third at line 2.
    assertThat(new String(port.datagrams.get(2))).isEqualTo(cycle.substring(2 * 74, 2 * 74 + 10));
    assertThat(port.to).containsOnly(CLIENT);
  }

  @Test
  void answersWrapAroundThePatternAfterItsLastLine() {
    Integer[] lengths = new Integer[96];
    java.util.Arrays.fill(lengths, 200);
    DatagramChargen chargen = new DatagramChargen(new Lengths(lengths));
    Sent port = new Sent();
    chargen.makeConnection(port);

    for (int i = 0; i < 96; i++) {
      chargen.datagramReceived(new byte[1], CLIENT);
    }

    String cycle = Chargen.cycleText();
    String twice = cycle + cycle;
    // Line 94, the last, wraps into line 0; the 96th answer starts again at line 0.
    assertThat(new String(port.datagrams.get(94))).isEqualTo(twice.substring(94 * 74, 94 * 74 + 200));
    assertThat(new String(port.datagrams.get(95))).isEqualTo(cycle.substring(0, 200));
  }
}
