package dev.torsion.names.client;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.names.DNSError;
import dev.torsion.names.Edns;
import dev.torsion.names.DNSQueryTimeoutError;
import dev.torsion.names.Message;
import dev.torsion.names.Query;
import dev.torsion.names.RRHeader;
import java.net.InetSocketAddress;
import java.nio.file.Path;
import java.security.SecureRandom;
import java.util.List;
import java.util.Objects;

/**
 * A stub resolver that asks name servers: Twisted's {@code client.Resolver}. Each query goes out
 * over UDP from a fresh random port with a random id (RFC 5452), is retried across the servers
 * (resolv.conf's {@code attempts} rounds, {@code timeout} seconds each), and is asked again over
 * TCP when the answer comes back truncated. Queries offer EDNS(0) answers of {@value
 * #EDNS_UDP_SIZE} octets, and are asked again without EDNS of a server that answers FORMERR. An
 * answer counts only when it comes from the server asked, carries our id and repeats our
 * question.
 *
 * <pre>{@code
 * DNSClient client = DNSClient.fromResolvConf(reactor, Path.of("/etc/resolv.conf"));
 * client.lookupAddress("example.com").addCallback(r -> r.answers());
 * }</pre>
 */
public final class DNSClient implements DNSResolver {
  private static final SecureRandom RANDOM = new SecureRandom();
  /** The UDP answer size offered in every query's OPT record. */
  public static final int EDNS_UDP_SIZE = 1232;

  private final Reactor reactor;
  private final List<InetSocketAddress> servers;
  private final double timeout;
  private final int attempts;

  /** Asks {@code servers} in turn, {@code timeout} seconds each, for {@code attempts} rounds. */
  public DNSClient(Reactor reactor, List<InetSocketAddress> servers, double timeout,
      int attempts) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    if (servers.isEmpty()) {
      throw new IllegalArgumentException("a DNS client needs at least one server");
    }
    this.servers = List.copyOf(servers);
    this.timeout = timeout;
    this.attempts = Math.max(1, attempts);
  }

  /** A client for the servers and timers of a resolv.conf file (the defaults if it is missing). */
  public static DNSClient fromResolvConf(Reactor reactor, Path resolvConf) {
    ResolvConf conf = ResolvConf.load(resolvConf);
    return new DNSClient(reactor, conf.servers(), conf.timeout(), conf.attempts());
  }

  /**
   * Twisted's {@code client.createResolver}: the hosts file, then a {@link CacheResolver} in
   * front of a DNSClient for the servers of {@code conf}.
   */
  public static DNSResolver createResolver(Reactor reactor, ResolvConf conf, Path hostsFile) {
    DNSClient client = new DNSClient(reactor, conf.servers(), conf.timeout(), conf.attempts());
    return new ResolverChain(List.of(HostsResolver.load(hostsFile),
        new CacheResolver(reactor, client)));
  }

  /** {@link #createResolver} for /etc/resolv.conf and /etc/hosts. */
  public static DNSResolver fromSystem(Reactor reactor) {
    return createResolver(reactor, ResolvConf.load(Path.of("/etc/resolv.conf")),
        Path.of("/etc/hosts"));
  }

  public List<InetSocketAddress> servers() {
    return servers;
  }

  @Override
  public Deferred<Message> query(Query q) {
    Deferred<?>[] current = new Deferred<?>[1];
    Deferred<Message> result = new Deferred<>(d -> {
      if (current[0] != null) {
        current[0].cancel();
      }
    });
    attempt(q, 0, result, current, null, true);
    return result;
  }

  /**
   * Try number {@code n}: server {@code n % servers}, so each round asks every server once
   * (resolv.conf(5) "attempts"). A timeout, a refused connection or a malformed answer moves on;
   * the last such error is what the caller sees once every try has failed.
   */
  private void attempt(Query q, int n, Deferred<Message> result, Deferred<?>[] current,
      Throwable last, boolean edns) {
    if (result.called()) {
      return;
    }
    if (n >= attempts * servers.size()) {
      result.errback(last instanceof DNSError && !(last instanceof DNSQueryTimeoutError) ? last
          : new DNSQueryTimeoutError(q + ": no answer from " + servers + " after " + n
              + (n == 1 ? " try" : " tries")));
      return;
    }
    InetSocketAddress server = servers.get(n % servers.size());
    Message query = Message.query(newId(), q);
    if (edns) {
      // RFC 6891 6.2.5: offer 1232 octets, which avoids IP fragmentation (DNS flag day 2020).
      query.setEdns(Edns.of(EDNS_UDP_SIZE));
    }
    Deferred<Message> udp = UdpExchange.send(reactor, server, query, timeout);
    current[0] = udp;
    udp.addCallbacks(m -> {
      if (edns && m.getEdns() == null
          && (m.getRCode() == Message.FORMERR || m.getRCode() == Message.NOTIMP)) {
        // RFC 6891 7: a server that does not know EDNS; ask it again without.
        attempt(q, n, result, current, last, false);
        return null;
      }
      if (!m.isTrunc()) {
        deliver(result, m);
        return null;
      }
      // RFC 1035 4.2.1, RFC 7766 5: the answer did not fit; ask the same server over TCP.
      Deferred<Message> tcp = TcpExchange.send(reactor, server, Message.query(newId(), q),
          timeout);
      current[0] = tcp;
      tcp.addCallbacks(full -> deliver(result, full), f -> {
        retry(q, n, result, current, f.value());
        return null;
      });
      return null;
    }, f -> {
      retry(q, n, result, current, f.value());
      return null;
    });
  }

  private void retry(Query q, int n, Deferred<Message> result, Deferred<?>[] current,
      Throwable error) {
    if (result.called()) {
      return; // cancelled
    }
    if (error instanceof DNSError || error instanceof java.io.IOException
        || error instanceof dev.torsion.internet.CannotListenError
        || error instanceof dev.torsion.internet.ConnectError) {
      attempt(q, n + 1, result, current, error, true);
    } else {
      result.errback(error);
    }
  }

  private static int newId() {
    return RANDOM.nextInt(0x10000);
  }

  private static Object deliver(Deferred<Message> result, Message m) {
    if (!result.called()) {
      result.callback(m);
    }
    return null;
  }

  /**
   * Transfers a whole zone from {@code primary} over TCP (RFC 5936): its records, the SOA first
   * and not repeated at the end.
   */
  public static Deferred<List<RRHeader>> transferZone(Reactor reactor, InetSocketAddress primary,
      String zone, double timeout) {
    return TcpExchange.transfer(reactor, primary, zone, newId(), timeout);
  }

  /** Whether {@code answer} is the response to {@code query}: id, QR and question (RFC 5452 4). */
  static boolean matches(Message query, Message answer) {
    return answer.isAnswer() && answer.getId() == query.getId()
        && (answer.getQueries().isEmpty() && answer.getRCode() != Message.OK
            || answer.getQueries().equals(query.getQueries()));
  }
}
