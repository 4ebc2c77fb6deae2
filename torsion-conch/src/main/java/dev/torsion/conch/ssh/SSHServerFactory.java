package dev.torsion.conch.ssh;

import dev.torsion.conch.ssh.internal.Algorithms;
import dev.torsion.conch.ssh.internal.KeyExchange;
import dev.torsion.cred.Portal;
import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Makes the server side of SSH connections: Twisted's {@code SSHFactory}. Users log in through
 * a {@link Portal} whose realm builds {@link ConchUser} avatars; the checkers decide which
 * methods are offered (a password checker: "password"; an {@code AuthorizedKeysChecker}:
 * "publickey").
 *
 * <pre>{@code
 * Portal portal = new Portal(Realm.of(ConchUser.class, id -> user), new InMemoryUsers()
 *     .addUser("alice", "s3cret"));
 * SSHServerFactory ssh = new SSHServerFactory(reactor, portal,
 *     List.of(HostKey.loadOrGenerate(Path.of("host_key"))));
 * reactor.listenTCP(2222, ssh);
 * }</pre>
 *
 * <p>Limits, with their defaults: 120 s to log in, 6 authentication attempts, a new key
 * exchange every 1 GiB or hour, 10 channels per connection, no keepalive probes (OpenSSH's
 * ClientAliveInterval 0; when set, 3 unanswered probes end the connection).
 */
public final class SSHServerFactory extends Factory {
  private final Reactor reactor;
  private final Portal portal;
  private final Map<String, HostKey> hostKeys = new LinkedHashMap<>();
  private double loginGraceSeconds = 120;
  private int maxAuthAttempts = 6;
  private long rekeyBytes = 1L << 30;
  private double rekeySeconds = 3600;
  private int maxChannels = 10;
  private double keepAliveSeconds;
  private int keepAliveCountMax = 3;
  private List<String> kex = KeyExchange.NAMES;
  private List<String> ciphers = Algorithms.CIPHERS;
  private List<String> macs = Algorithms.MACS;

  public SSHServerFactory(Reactor reactor, Portal portal, List<HostKey> keys) {
    super(() -> null);
    this.reactor = Objects.requireNonNull(reactor, "reactor");
    this.portal = Objects.requireNonNull(portal, "portal");
    if (keys.isEmpty()) {
      throw new IllegalArgumentException("an SSH server needs at least one host key");
    }
    for (HostKey k : keys) {
      for (String alg : k.algorithms()) {
        hostKeys.putIfAbsent(alg, k);
      }
    }
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    SSHServerTransport t = new SSHServerTransport(this);
    t.setFactory(this);
    return t;
  }

  public Reactor reactor() {
    return reactor;
  }

  public Portal portal() {
    return portal;
  }

  /** Host key algorithms in preference order: Ed25519, ECDSA, then RSA. */
  public List<String> hostKeyAlgorithms() {
    List<String> order = new ArrayList<>();
    for (String pref : List.of("ssh-ed25519", "ecdsa-sha2-nistp256", "ecdsa-sha2-nistp384",
        "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256")) {
      if (hostKeys.containsKey(pref)) {
        order.add(pref);
      }
    }
    return order;
  }

  HostKey hostKeyFor(String algorithm) {
    return hostKeys.get(algorithm);
  }

  public List<String> kexAlgorithms() {
    return kex;
  }

  public List<String> ciphers() {
    return ciphers;
  }

  public List<String> macs() {
    return macs;
  }

  /** Restricts and orders the key exchange algorithms offered. */
  public SSHServerFactory setKexAlgorithms(List<String> names) {
    kex = checked(names, KeyExchange.NAMES);
    return this;
  }

  public SSHServerFactory setCiphers(List<String> names) {
    ciphers = checked(names, Algorithms.CIPHERS);
    return this;
  }

  public SSHServerFactory setMacs(List<String> names) {
    macs = checked(names, Algorithms.MACS);
    return this;
  }

  private static List<String> checked(List<String> names, List<String> known) {
    for (String n : names) {
      if (!known.contains(n)) {
        throw new IllegalArgumentException("unsupported algorithm " + n + "; known: " + known);
      }
    }
    return List.copyOf(names);
  }

  public double loginGraceSeconds() {
    return loginGraceSeconds;
  }

  public SSHServerFactory setLoginGraceSeconds(double seconds) {
    loginGraceSeconds = seconds;
    return this;
  }

  public int maxAuthAttempts() {
    return maxAuthAttempts;
  }

  public SSHServerFactory setMaxAuthAttempts(int n) {
    maxAuthAttempts = n;
    return this;
  }

  public long rekeyBytes() {
    return rekeyBytes;
  }

  /**
   * New keys once more than this many bytes have been sent, or received, under the current
   * ones (RFC 4253 9; default 1 GiB). Each direction counts on its own, as OpenSSH's
   * RekeyLimit does; what the server sends past the limit waits for the new keys.
   */
  public SSHServerFactory setRekeyBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("rekeyBytes must be positive, not " + bytes);
    }
    rekeyBytes = bytes;
    return this;
  }

  public double rekeySeconds() {
    return rekeySeconds;
  }

  public SSHServerFactory setRekeySeconds(double seconds) {
    rekeySeconds = seconds;
    return this;
  }

  public double keepAliveSeconds() {
    return keepAliveSeconds;
  }

  /** Probes a quiet client every {@code seconds} (0: never); see {@link #setKeepAliveCountMax}. */
  public SSHServerFactory setKeepAliveSeconds(double seconds) {
    keepAliveSeconds = seconds;
    return this;
  }

  public int keepAliveCountMax() {
    return keepAliveCountMax;
  }

  /** How many keepalive probes may go unanswered before the client is disconnected. */
  public SSHServerFactory setKeepAliveCountMax(int n) {
    keepAliveCountMax = n;
    return this;
  }

  public int maxChannels() {
    return maxChannels;
  }

  public SSHServerFactory setMaxChannels(int n) {
    maxChannels = n;
    return this;
  }
}
