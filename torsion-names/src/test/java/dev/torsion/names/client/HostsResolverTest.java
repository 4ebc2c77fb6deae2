package dev.torsion.names.client;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.Test;

class HostsResolverTest {
  private final HostsResolver hosts = HostsResolver.parse("""
      127.0.0.1   localhost
      ::1         localhost ip6-localhost   # both families
      192.0.2.7   Box.example box
      not-an-ip   ignored.example
      """);

  private static Message fired(Deferred<Message> d) {
    Message[] out = new Message[1];
    d.addCallback(m -> out[0] = m);
    return out[0];
  }

  @Test
  void namesAreFoundWithoutRegardToCaseOrAFinalDot() throws Exception {
    assertThat(hosts.addresses("box.EXAMPLE.")).containsExactly(
        InetAddress.getByName("192.0.2.7"));
  }

  @Test
  void aQuestionIsAnsweredWithTheRecordsOfItsType() throws Exception {
    Message m = fired(hosts.query(new Query("localhost", RRType.AAAA)));
    assertThat(m.getRCode()).isEqualTo(Message.OK);
    assertThat(m.getAnswers()).extracting(rr -> rr.payload())
        .containsExactly(new Record.AAAA((java.net.Inet6Address) InetAddress.getByName("::1")));
  }

  @Test
  void anUnlistedNameOrTypeIsNxdomainSoTheChainMovesOn() {
    assertThat(fired(hosts.query(new Query("ignored.example", RRType.A))).getRCode())
        .isEqualTo(Message.NXDOMAIN);
    assertThat(fired(hosts.query(new Query("box", RRType.AAAA))).getRCode())
        .isEqualTo(Message.NXDOMAIN);
  }

  @Test
  void reverseNamesGiveTheHostNames() {
    Message m = fired(hosts.query(new Query("7.2.0.192.in-addr.arpa", RRType.PTR)));
    assertThat(m.getAnswers()).extracting(rr -> rr.payload())
        .containsExactly(new Record.PTR("Box.example"), new Record.PTR("box"));
  }

  @Test
  void aChainAsksDnsOnlyForWhatTheHostsFileLacks() {
    List<Query> asked = new java.util.ArrayList<>();
    DNSResolver dns = q -> {
      asked.add(q);
      return Deferred.succeed(Message.query(1, q).reply().setRCode(Message.NXDOMAIN));
    };
    ResolverChain chain = new ResolverChain(List.of(hosts, dns));
    assertThat(fired(chain.query(new Query("box", RRType.A))).getAnswers()).hasSize(1);
    assertThat(asked).isEmpty();
    assertThat(fired(chain.query(new Query("elsewhere.example", RRType.A))).getRCode())
        .isEqualTo(Message.NXDOMAIN);
    assertThat(asked).containsExactly(new Query("elsewhere.example", RRType.A));
  }
}
