package dev.torsion.internet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.internal.JdkResolver;
import java.net.InetAddress;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

class ResolverTest {
  private final ThreadsTestReactor reactor = new ThreadsTestReactor();
  private final JdkResolver resolver = new JdkResolver(reactor);

  @AfterEach
  void closeReactor() throws Exception {
    reactor.close();
  }

  @Test
  void anIpv4LiteralResolvesAtOnceWithoutALookup() throws Exception {
    Deferred<List<InetAddress>> d = resolver.resolve("192.0.2.7");

    assertThat(d.called()).isTrue();
    assertThat(reactor.outcome(d)).isEqualTo(List.of(InetAddress.getByName("192.0.2.7")));
    assertThat(reactor.callInThreadCount()).isZero();
  }

  @Test
  void anIpv6LiteralResolvesAtOnceWithOrWithoutBrackets() throws Exception {
    InetAddress loopback6 = InetAddress.getByName("::1");

    assertThat(reactor.outcome(resolver.resolve("::1"))).isEqualTo(List.of(loopback6));
    assertThat(reactor.outcome(resolver.resolve("[::1]"))).isEqualTo(List.of(loopback6));
    assertThat(reactor.outcome(resolver.resolve("::ffff:10.0.0.1")))
        .isEqualTo(List.of(InetAddress.getByName("10.0.0.1")));
    assertThat(reactor.callInThreadCount()).isZero();
  }

  @Test
  void aMalformedIpv6LiteralFailsAtOnceWithDnsLookupError() throws Exception {
    Deferred<List<InetAddress>> d = resolver.resolve("1::2::3");

    Object outcome = reactor.outcome(d);

    assertThat(outcome).isInstanceOf(Failure.class);
    assertThat(((Failure) outcome).value())
        .isInstanceOf(DNSLookupError.class)
        .hasMessageContaining("1::2::3");
    assertThat(reactor.callInThreadCount()).isZero();
  }

  @Test
  void dottedNumbersThatAreNotAnAddressAreLookedUpAsNames() {
    // 256 is not an octet, so this is a (strange) name, not a literal; it must not fail at once.
    Deferred<List<InetAddress>> d = resolver.resolve("256.1.1.1.invalid");

    assertThat(reactor.callInThreadCount()).isEqualTo(1);
    assertThat(d).isNotNull();
  }

  @Test
  void localhostResolvesOnThePoolToLoopbackAddresses() throws Exception {
    Deferred<List<InetAddress>> d = reactor.onReactor(() -> resolver.resolve("localhost"));

    Object outcome = reactor.outcome(d);

    assertThat(reactor.callInThreadCount()).isEqualTo(1);
    assertThat(outcome).asList().isNotEmpty()
        .allSatisfy(a -> assertThat(((InetAddress) a).isLoopbackAddress()).isTrue());
    assertThat(outcome).isEqualTo(List.of(InetAddress.getAllByName("localhost")));
  }

  @Test
  void anUnknownNameFailsWithDnsLookupErrorNamingIt() throws Exception {
    Deferred<List<InetAddress>> d =
        reactor.onReactor(() -> resolver.resolve("no-such-host.invalid"));

    Object outcome = reactor.outcome(d);

    assertThat(outcome).isInstanceOf(Failure.class);
    assertThat(((Failure) outcome).value())
        .isInstanceOf(DNSLookupError.class)
        .hasMessageContaining("no-such-host.invalid");
  }

  @Test
  void anEmptyNameFailsAtOnce() throws Exception {
    Object outcome = reactor.outcome(resolver.resolve(""));

    assertThat(((Failure) outcome).value()).isInstanceOf(DNSLookupError.class);
  }

  @Test
  void aCancelledLookupIgnoresItsLateAnswer() throws Exception {
    Deferred<List<InetAddress>> d = reactor.onReactor(() -> {
      Deferred<List<InetAddress>> lookup = resolver.resolve("localhost");
      lookup.cancel();
      return lookup;
    });

    Object outcome = reactor.outcome(d);
    // Let the pool's answer arrive: it must be dropped without an AlreadyCalledError.
    reactor.getThreadPool().stop();
    reactor.onReactor(() -> null);

    assertThat(((Failure) outcome).value()).isInstanceOf(CancelledError.class);
  }

  @Test
  void aLookupWhileThePoolIsStoppedFailsInsteadOfThrowing() throws Exception {
    reactor.getThreadPool().stop(); // as during the reactor's shutdown

    Object outcome = reactor.outcome(reactor.onReactor(() -> resolver.resolve("example.com")));

    assertThat(((Failure) outcome).value())
        .isInstanceOf(DNSLookupError.class)
        .hasMessageContaining("example.com");
  }
}
