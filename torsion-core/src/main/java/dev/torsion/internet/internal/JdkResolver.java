package dev.torsion.internet.internal;

import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Resolver;
import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.List;
import java.util.Objects;

/**
 * The default {@link Resolver}: the JDK's {@link InetAddress#getAllByName} (hosts file, then the
 * system's DNS), run on the reactor's thread pool so the reactor never waits for it.
 *
 * <p>IP literals ("127.0.0.1", "::1", "[::1]") are answered at once, without a thread hop. Names
 * are looked up on a pool thread and the answer delivered on the reactor thread, in the order the
 * JDK gave (which follows {@code java.net.preferIPv6Addresses}). A failed lookup fails the Deferred
 * with {@link DNSLookupError} naming the host. Cancelling the Deferred does not stop the lookup
 * (the JDK has no way to), but its late answer is dropped.
 */
public final class JdkResolver implements Resolver {
  private final Reactor reactor;

  public JdkResolver(Reactor reactor) {
    this.reactor = Objects.requireNonNull(reactor, "reactor");
  }

  @Override
  public Deferred<List<InetAddress>> resolve(String host) {
    if (host == null || host.isEmpty()) {
      return Deferred.fail(new DNSLookupError("cannot resolve an empty host name"));
    }
    InetAddress literal;
    try {
      literal = parseLiteral(host);
    } catch (DNSLookupError e) {
      return Deferred.fail(e);
    }
    if (literal != null) {
      return Deferred.succeed(List.of(literal));
    }
    // A cancelled lookup has fired with CancelledError; its late answer must not fire it again.
    Deferred<List<InetAddress>> d = new Deferred<>(cancelled -> {});
    try {
      lookUpInThread(host, d);
    } catch (IllegalStateException e) {
      // the pool is stopped: the reactor is shutting down
      return Deferred.fail(new DNSLookupError(host + ": cannot look up: " + e.getMessage(), e));
    }
    return d;
  }

  private void lookUpInThread(String host, Deferred<List<InetAddress>> d) {
    reactor.callInThread(
        () -> {
          try {
            List<InetAddress> found = List.of(InetAddress.getAllByName(host));
            reactor.callFromThread(() -> deliver(d, found, null));
          } catch (UnknownHostException e) {
            DNSLookupError error = new DNSLookupError(host + ": no such host", e);
            reactor.callFromThread(() -> deliver(d, null, error));
          } catch (RuntimeException e) {
            DNSLookupError error = new DNSLookupError(host + ": lookup failed: " + e, e);
            reactor.callFromThread(() -> deliver(d, null, error));
          }
        });
  }

  private static void deliver(
      Deferred<List<InetAddress>> d, List<InetAddress> found, Throwable error) {
    if (d.called()) {
      return; // cancelled while the lookup ran
    }
    if (error != null) {
      d.errback(error);
    } else {
      d.callback(found);
    }
  }

  /**
   * The address {@code host} spells, or null if it is a name. Only strings that are literals by
   * their syntax reach {@link InetAddress#getByName}, which parses literals without any lookup;
   * a string with a colon cannot be a host name, so a malformed one is an error, not a lookup.
   */
  static InetAddress parseLiteral(String host) {
    if (isDottedQuad(host)) {
      return byLiteral(host);
    }
    String v6 = host;
    if (v6.startsWith("[") && v6.endsWith("]")) {
      v6 = v6.substring(1, v6.length() - 1);
    }
    if (v6.indexOf(':') < 0) {
      return null;
    }
    int zone = v6.indexOf('%');
    String digits = zone < 0 ? v6 : v6.substring(0, zone);
    for (int i = 0; i < digits.length(); i++) {
      char c = digits.charAt(i);
      boolean ok = c == ':' || c == '.' || Character.digit(c, 16) >= 0;
      if (!ok) {
        throw new DNSLookupError(host + ": not a valid IPv6 address");
      }
    }
    return byLiteral(v6);
  }

  private static InetAddress byLiteral(String literal) {
    try {
      return InetAddress.getByName(literal);
    } catch (UnknownHostException | RuntimeException e) {
      throw new DNSLookupError(literal + ": not a valid IP address", e);
    }
  }

  /** Exactly four decimal parts of 0-255: the only IPv4 form we take as a literal. */
  private static boolean isDottedQuad(String s) {
    int parts = 0;
    int i = 0;
    int n = s.length();
    while (i < n) {
      int start = i;
      int value = 0;
      while (i < n && s.charAt(i) >= '0' && s.charAt(i) <= '9' && i - start < 3) {
        value = value * 10 + (s.charAt(i) - '0');
        i++;
      }
      if (i == start || value > 255) {
        return false;
      }
      parts++;
      if (i == n) {
        break;
      }
      if (s.charAt(i) != '.' || parts == 4) {
        return false;
      }
      i++;
      if (i == n) {
        return false; // trailing dot
      }
    }
    return parts == 4;
  }

  @Override
  public String toString() {
    return "JdkResolver";
  }
}
