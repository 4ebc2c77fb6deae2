package dev.torsion.names.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.task.Clock;
import dev.torsion.names.DNSQueryTimeoutError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import java.net.Inet4Address;
import java.net.InetAddress;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class SecondaryAuthorityTest {
  private static final long REFRESH = 3600;
  private static final long RETRY = 600;
  private static final long EXPIRE = 7200;

  private final Clock clock = new Clock();
  private final List<String> calls = new ArrayList<>();
  private long serial = 1;
  private boolean primaryUp = true;

  private final SecondaryAuthority.Primary primary = new SecondaryAuthority.Primary() {
    @Override
    public Deferred<List<RRHeader>> transfer(String zone) {
      calls.add("AXFR");
      return primaryUp ? Deferred.succeed(records(serial))
          : Deferred.fail(new DNSQueryTimeoutError("down"));
    }

    @Override
    public Deferred<Message> soa(String zone) {
      calls.add("SOA");
      if (!primaryUp) {
        return Deferred.fail(new DNSQueryTimeoutError("down"));
      }
      Message m = Message.query(1, new Query(zone, RRType.SOA)).reply();
      m.getAnswers().add(records(serial).get(0));
      return Deferred.succeed(m);
    }
  };

  private final SecondaryAuthority secondary =
      new SecondaryAuthority(clock, "Example.COM", "primary", primary);

  @AfterEach
  void stop() {
    secondary.stopService();
    assertThat(clock.getDelayedCalls()).as("timers left behind").isEmpty();
  }

  static List<RRHeader> records(long serial) {
    try {
      return List.of(
          new RRHeader("example.com", 3600, new Record.SOA("ns.example.com",
              "hostmaster.example.com", serial, REFRESH, RETRY, EXPIRE, 300)),
          new RRHeader("www.example.com", 3600, new Record.A(
              (Inet4Address) InetAddress.getByName("192.0.2." + serial))));
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }

  private String www() {
    Answer a = secondary.zone().lookup(new Query("www.example.com", RRType.A));
    return ((Record.A) a.answers().get(0).payload()).address().getHostAddress();
  }

  @Test
  void startingTransfersTheZoneAndServesIt() {
    assertThat(secondary.zone()).isNull();
    secondary.startService();
    assertThat(calls).containsExactly("AXFR");
    assertThat(www()).isEqualTo("192.0.2.1");
  }

  @Test
  void afterRefreshSecondsTheSoaIsCheckedAndAnUnchangedSerialTransfersNothing() {
    secondary.startService();
    clock.advance(REFRESH - 1);
    assertThat(calls).containsExactly("AXFR");
    clock.advance(1);
    assertThat(calls).containsExactly("AXFR", "SOA");
    clock.advance(REFRESH);
    assertThat(calls).containsExactly("AXFR", "SOA", "SOA");
  }

  @Test
  void aNewerSerialIsTransferredAndServed() {
    secondary.startService();
    serial = 2;
    clock.advance(REFRESH);
    assertThat(calls).containsExactly("AXFR", "SOA", "AXFR");
    assertThat(www()).isEqualTo("192.0.2.2");
  }

  @Test
  void aFailedFirstTransferIsRetriedAfterTheInitialRetry() {
    primaryUp = false;
    secondary.startService();
    assertThat(secondary.zone()).isNull();
    primaryUp = true;
    clock.advance(SecondaryAuthority.INITIAL_RETRY);
    assertThat(calls).containsExactly("AXFR", "AXFR");
    assertThat(www()).isEqualTo("192.0.2.1");
  }

  @Test
  void aFailedCheckIsRetriedAfterRetrySecondsAndTheZoneExpires() {
    secondary.startService();
    primaryUp = false;
    clock.advance(REFRESH);
    assertThat(calls).containsExactly("AXFR", "SOA");
    clock.advance(RETRY);
    assertThat(calls).containsExactly("AXFR", "SOA", "SOA");
    assertThat(secondary.zone()).as("still within EXPIRE").isNotNull();
    clock.advance(EXPIRE);
    assertThat(secondary.zone()).as("expired").isNull();
  }

  @Test
  void serialsCompareInSequenceSpaceArithmetic() {
    assertThat(SecondaryAuthority.isNewer(2, 1)).isTrue();
    assertThat(SecondaryAuthority.isNewer(1, 1)).isFalse();
    assertThat(SecondaryAuthority.isNewer(0, 0xFFFFFFFFL)).isTrue(); // wrapped
    assertThat(SecondaryAuthority.isNewer(1, 2)).isFalse();
  }
}
