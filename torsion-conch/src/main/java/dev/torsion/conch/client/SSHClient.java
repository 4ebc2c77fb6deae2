package dev.torsion.conch.client;

import dev.torsion.conch.ssh.HostKey;
import dev.torsion.conch.ssh.internal.Algorithms;
import dev.torsion.conch.ssh.internal.ConnectionClient;
import dev.torsion.conch.ssh.internal.KeyExchange;
import dev.torsion.conch.ssh.internal.SSHClientTransport;
import dev.torsion.conch.ssh.internal.SSHProtocolError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.Endpoints;
import java.util.List;
import java.util.Objects;

/**
 * Opens SSH connections: Twisted's {@code SSHCommandClientEndpoint} and {@code connect()}
 * rolled into a small builder. The server's host key must be in the given {@link KnownHosts}
 * (for the host and port named here, which may differ from the endpoint's, as with ssh's
 * HostKeyAlias); the user logs in with a key, a password, or the key first and then the password.
 *
 * <pre>{@code
 * SSHClient.as("alice").identity(HostKey.load(Path.of("id_ed25519")))
 *     .knownHosts(KnownHosts.load(Path.of("known_hosts")), "example.org", 22)
 *     .connect(reactor, Endpoints.clientFromString(reactor, "tcp:example.org:22"))
 *     .addCallback(ssh -> ssh.exec("uptime"))
 *     .addCallback(result -> { System.out.print(result.stdoutText()); return null; });
 * }</pre>
 */
public final class SSHClient {
  private final String user;
  private String password;
  private HostKey identity;
  private KnownHosts knownHosts;
  private String host;
  private int port;
  private List<String> kex = KeyExchange.NAMES;
  private List<String> ciphers = Algorithms.CIPHERS;
  private List<String> macs = Algorithms.MACS;
  private List<String> hostKeyAlgorithms = List.of("ssh-ed25519", "ecdsa-sha2-nistp256",
      "ecdsa-sha2-nistp384", "ecdsa-sha2-nistp521", "rsa-sha2-512", "rsa-sha2-256");
  private long rekeyBytes = 1L << 30;
  private double rekeySeconds = 3600;

  private SSHClient(String user) {
    this.user = Objects.requireNonNull(user, "user");
  }

  /** A client that logs in as {@code user}. */
  public static SSHClient as(String user) {
    return new SSHClient(user);
  }

  public SSHClient password(String password) {
    this.password = password;
    return this;
  }

  /** A private key (an OpenSSH private key file, read with {@link HostKey#load}). */
  public SSHClient identity(HostKey key) {
    this.identity = key;
    return this;
  }

  /** Trust only keys {@code known} lists for {@code host:port}. */
  public SSHClient knownHosts(KnownHosts known, String host, int port) {
    this.knownHosts = known;
    this.host = host;
    this.port = port;
    return this;
  }

  /** Restricts the key exchanges offered (for tests and for policy), in preference order. */
  public SSHClient kexAlgorithms(List<String> names) {
    kex = List.copyOf(names);
    return this;
  }

  public SSHClient ciphers(List<String> names) {
    ciphers = List.copyOf(names);
    return this;
  }

  public SSHClient macs(List<String> names) {
    macs = List.copyOf(names);
    return this;
  }

  public SSHClient hostKeyAlgorithms(List<String> names) {
    hostKeyAlgorithms = List.copyOf(names);
    return this;
  }

  /**
   * New keys once more than this many bytes have been sent, or received, under the current
   * ones (default 1 GiB); each direction counts on its own, as OpenSSH's RekeyLimit does.
   */
  public SSHClient rekeyBytes(long bytes) {
    if (bytes < 1) {
      throw new IllegalArgumentException("rekeyBytes must be positive, not " + bytes);
    }
    rekeyBytes = bytes;
    return this;
  }

  /** New keys after this many seconds under the same keys (default an hour). */
  public SSHClient rekeySeconds(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("rekeySeconds must be positive, not " + seconds);
    }
    rekeySeconds = seconds;
    return this;
  }

  /**
   * Connects and logs in. Fails with {@link HostKeyRejected}, {@link AuthenticationFailed}, or
   * {@link SSHDisconnected} for anything else that ended the connection first.
   */
  public Deferred<SSHConnection> connect(Reactor reactor, ClientEndpoint endpoint) {
    if (knownHosts == null) {
      throw new IllegalStateException("knownHosts(...) is required: no host key is trusted blindly");
    }
    if (password == null && identity == null) {
      throw new IllegalStateException("a password or an identity is required");
    }
    KnownHosts known = knownHosts;
    String h = host;
    int p = port;
    SSHClientTransport.Config config = new SSHClientTransport.Config(reactor, user, password,
        identity, blob -> switch (known.verify(h, p, blob)) {
          case TRUSTED -> null;
          case MISMATCH -> "the host key of " + KnownHosts.hostName(h, p)
              + " differs from the one in known_hosts";
          case REVOKED -> "the host key of " + KnownHosts.hostName(h, p) + " is revoked";
          case UNKNOWN -> KnownHosts.hostName(h, p) + " is not in known_hosts";
        }, kex, hostKeyAlgorithms, ciphers, macs, rekeyBytes, rekeySeconds);
    Deferred<ConnectionClient> ready = new Deferred<>();
    Deferred<SSHConnection> result = new Deferred<>();
    Endpoints.connectProtocol(endpoint, new SSHClientTransport(config, ready))
        .addErrback(failure -> {
          if (!ready.called()) {
            ready.errback(failure.value());
          }
          return null;
        });
    ready.addCallbacks(c -> {
      result.callback(new SSHConnection(c));
      return null;
    }, failure -> {
      result.errback(translate(failure.value()));
      return null;
    });
    return result;
  }

  static Throwable translate(Throwable t) {
    if (t instanceof SSHProtocolError e) {
      return switch (e.reason) {
        case SSHProtocolError.HOST_KEY_NOT_VERIFIABLE -> new HostKeyRejected(e.getMessage());
        case SSHProtocolError.NO_MORE_AUTH_METHODS_AVAILABLE ->
            new AuthenticationFailed(e.getMessage());
        default -> new SSHDisconnected(e.reason, e.getMessage());
      };
    }
    return t;
  }
}
