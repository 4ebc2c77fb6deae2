package dev.torsion.names.client;

import static org.assertj.core.api.Assertions.assertThat;

import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;

class ResolvConfTest {
  @Test
  void nameserversSearchAndOptionsAreRead() throws Exception {
    ResolvConf c = ResolvConf.parse("""
        # comment
        nameserver 192.0.2.53
        nameserver ::1
        nameserver 127.0.0.1#5353
        nameserver 192.0.2.99
        search example.com. corp.example
        options ndots:2 timeout:3 attempts:4 rotate
        """);
    assertThat(c.servers()).containsExactly(
        new InetSocketAddress(InetAddress.getByName("192.0.2.53"), 53),
        new InetSocketAddress(InetAddress.getByName("::1"), 53),
        new InetSocketAddress(InetAddress.getByName("127.0.0.1"), 5353));
    assertThat(c.search()).containsExactly("example.com", "corp.example");
    assertThat(c.ndots()).isEqualTo(2);
    assertThat(c.timeout()).isEqualTo(3);
    assertThat(c.attempts()).isEqualTo(4);
  }

  @Test
  void aHostNameAsNameserverIsSkippedNotLookedUp() {
    ResolvConf c = ResolvConf.parse("nameserver dns.example.com\n");
    assertThat(c.servers()).containsExactly(
        new InetSocketAddress(InetAddress.getLoopbackAddress(), 53));
  }

  @Test
  void aMissingFileGivesTheDefaults() {
    ResolvConf c = ResolvConf.load(Path.of("/nonexistent/resolv.conf"));
    assertThat(c.servers()).hasSize(1);
    assertThat(c.ndots()).isEqualTo(1);
    assertThat(c.timeout()).isEqualTo(5);
    assertThat(c.attempts()).isEqualTo(2);
  }

  @Test
  void optionsAreCappedAsTheCLibraryCapsThem() {
    ResolvConf c = ResolvConf.parse("options ndots:99 timeout:999 attempts:0\n");
    assertThat(c.ndots()).isEqualTo(15);
    assertThat(c.timeout()).isEqualTo(30);
    assertThat(c.attempts()).isEqualTo(1);
  }

  @Test
  void domainIsASearchListOfOne() {
    assertThat(ResolvConf.parse("search a.example b.example\ndomain c.example\n").search())
        .containsExactly("c.example");
  }
}
