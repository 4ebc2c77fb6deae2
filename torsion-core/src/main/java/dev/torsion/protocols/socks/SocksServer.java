package dev.torsion.protocols.socks;

import dev.torsion.cred.Portal;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.internet.Address;
import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.DNSLookupError;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.NoRouteError;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.ConnectTimeoutError;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * One client of a SOCKS proxy: reads a SOCKS4, SOCKS4a or SOCKS5 CONNECT request, connects to
 * the destination through a {@link Dialer}, replies, then relays bytes both ways (Twisted's
 * {@code socks.SOCKSv4}, grown to 4a and 5). Only CONNECT is offered; BIND and UDP ASSOCIATE get
 * the protocol's refusal. Without a {@link Portal} the only method is "no authentication"; with
 * one, SOCKS5 clients must log in with a username and password (RFC 1929) that the portal checks,
 * and SOCKS4, which has no password, is refused.
 *
 * <pre>{@code
 * Factory socks = SocksServer.factory(dialer, AllowList.parse("example.com:443"));
 * reactor.listenTCP(1080, socks);
 * // curl --socks5-hostname localhost:1080 https://example.com/
 *
 * Portal users = new Portal(Realm.of(Object.class, id -> id), new InMemoryUsers().addUser("ann", "pw"));
 * reactor.listenTCP(1080, SocksServer.factory(dialer, AllowList.ANY, users));
 * // curl --socks5-hostname ann:pw@localhost:1080 https://example.com/
 * }</pre>
 *
 * <pre>
 * SOCKS4(a) request   VN=4 | CD=1 | DSTPORT(2) | DSTIP(4) | USERID... 0 [| HOST... 0 if DSTIP=0.0.0.x]
 * SOCKS4 reply        0 | 90 granted, 91 refused | DSTPORT(2) | DSTIP(4)
 * SOCKS5 greeting     5 | NMETHODS | METHODS...        reply: 5 | METHOD (0 none, 2 password, 0xFF refused)
 * RFC 1929 login      1 | ULEN | UNAME | PLEN | PASSWD   reply: 1 | STATUS (0 success, else close)
 * SOCKS5 request      5 | CMD=1 | 0 | ATYP | DST.ADDR | DST.PORT(2)   (ATYP 1 IPv4, 3 name, 4 IPv6)
 * SOCKS5 reply        5 | REP | 0 | ATYP | BND.ADDR | BND.PORT(2)
 * </pre>
 */
public final class SocksServer extends Protocol implements HalfCloseableProtocol {
  private static final Logger LOG = LoggerFactory.getLogger(SocksServer.class);

  /** A request is at most a few hundred bytes; anything bigger is not SOCKS. */
  static final int MAX_REQUEST = 1024;
  /** SOCKS4 sets no limit on the user id; longer than this is not a client's. */
  static final int MAX_USER_ID = 256;
  /** A SOCKS4a host name, at most what a SOCKS5 one (RFC 1928 section 5) can be. */
  static final int MAX_HOST = 255;

  // RFC 1928 section 6 reply codes.
  static final int REP_OK = 0;
  static final int REP_GENERAL_FAILURE = 1;
  static final int REP_NOT_ALLOWED = 2;
  static final int REP_NETWORK_UNREACHABLE = 3;
  static final int REP_HOST_UNREACHABLE = 4;
  static final int REP_CONNECTION_REFUSED = 5;
  static final int REP_TTL_EXPIRED = 6;
  static final int REP_COMMAND_NOT_SUPPORTED = 7;
  static final int REP_ADDRESS_TYPE_NOT_SUPPORTED = 8;

  private enum State { GREETING, V5_LOGIN, AUTHENTICATING, V5_REQUEST, CONNECTING, RELAYING, DONE }

  private final Dialer dialer;
  private final AllowList allow;
  private final Portal portal; // null: no authentication
  private Runnable logout; // the login's, run when the client goes
  private State state = State.GREETING;
  private byte[] buf = new byte[64];
  private int len;
  private int version;
  private Relay relay;
  private Deferred<Protocol> dialing;
  private boolean clientEof;

  public SocksServer(Dialer dialer, AllowList allow) {
    this(dialer, allow, null);
  }

  /** A server whose SOCKS5 clients log in through {@code portal} (null: no authentication). */
  public SocksServer(Dialer dialer, AllowList allow, Portal portal) {
    this.dialer = dialer;
    this.allow = allow;
    this.portal = portal;
  }

  /** A factory of SOCKS servers sharing a dialer and an allow-list. */
  public static Factory factory(Dialer dialer, AllowList allow) {
    return factory(dialer, allow, null);
  }

  /**
   * As {@link #factory(Dialer, AllowList)}, with every client logging in through {@code portal}
   * by RFC 1929 username and password; the avatar is not used, the login is the permission.
   */
  public static Factory factory(Dialer dialer, AllowList allow, Portal portal) {
    return Factory.forProtocol(() -> new SocksServer(dialer, allow, portal));
  }

  @Override
  public void dataReceived(byte[] data) {
    switch (state) {
      case RELAYING -> relay.fromInbound(data);
      case DONE -> {}
      default -> {
        // Parse in bites that keep buf within MAX_REQUEST, so only what stays unparsed counts
        // against the limit and a request is judged the same whether it came whole or cut.
        int used = 0;
        while (used < data.length) {
          if (len == MAX_REQUEST) {
            refuseGarbage("request longer than " + MAX_REQUEST + " bytes");
            return;
          }
          int n = Math.min(data.length - used, MAX_REQUEST - len);
          append(data, used, n);
          used += n;
          parse();
          if (state == State.RELAYING) {
            if (used < data.length) {
              relay.fromInbound(Arrays.copyOfRange(data, used, data.length));
            }
            return;
          }
          if (state == State.DONE) {
            return;
          }
        }
      }
    }
  }

  private void append(byte[] data, int from, int n) {
    if (len + n > buf.length) {
      buf = Arrays.copyOf(buf, Math.max(buf.length * 2, len + n));
    }
    System.arraycopy(data, from, buf, len, n);
    len += n;
  }

  private void parse() {
    if (state == State.GREETING) {
      if (len < 1) {
        return;
      }
      if (buf[0] == 4) {
        parseV4();
      } else if (buf[0] == 5) {
        parseV5Greeting();
      } else {
        refuseGarbage("unknown SOCKS version " + (buf[0] & 0xff));
        return;
      }
    }
    if (state == State.V5_LOGIN) {
      parseV5Login();
    }
    if (state == State.V5_REQUEST) {
      parseV5Request();
    }
  }

  private void parseV4() {
    if (len < 9) {
      return;
    }
    // Look for the terminator only within the limit: a longer id is refused however it is cut.
    int userEnd = indexOfZero(8, 8 + MAX_USER_ID + 1);
    if (userEnd < 0) {
      if (len > 8 + MAX_USER_ID) {
        refuseGarbage("SOCKS4 user id too long");
      }
      return;
    }
    int port = ((buf[2] & 0xff) << 8) | (buf[3] & 0xff);
    String host;
    int end = userEnd + 1;
    boolean v4a = buf[4] == 0 && buf[5] == 0 && buf[6] == 0 && buf[7] != 0;
    if (v4a) {
      int hostEnd = indexOfZero(end, end + MAX_HOST + 1);
      if (hostEnd < 0) {
        if (len - end > MAX_HOST) {
          refuseGarbage("SOCKS4a host name too long");
        }
        return;
      }
      host = new String(buf, end, hostEnd - end, StandardCharsets.US_ASCII);
      end = hostEnd + 1;
    } else {
      host = (buf[4] & 0xff) + "." + (buf[5] & 0xff) + "." + (buf[6] & 0xff) + "." + (buf[7] & 0xff);
    }
    version = 4;
    int command = buf[1];
    consume(end);
    if (portal != null) {
      reply(REP_NOT_ALLOWED, null);
      finish("SOCKS4 carries no password and this proxy requires a login");
      return;
    }
    if (command != 1) {
      reply(REP_COMMAND_NOT_SUPPORTED, null);
      finish("SOCKS4 command " + command + " is not supported");
      return;
    }
    connect(host, port);
  }

  private void parseV5Greeting() {
    if (len < 2) {
      return;
    }
    int methods = buf[1] & 0xff;
    if (len < 2 + methods) {
      return;
    }
    int wanted = portal == null ? 0 : 2; // RFC 1928 section 3: 0 none, 2 username/password
    boolean offered = false;
    for (int i = 0; i < methods; i++) {
      offered |= buf[2 + i] == wanted;
    }
    consume(2 + methods);
    version = 5;
    if (!offered) {
      // RFC 1928 section 3: X'FF' NO ACCEPTABLE METHODS, then the client must close.
      transport.write(new byte[] {5, (byte) 0xff});
      finish("the client does not offer "
          + (portal == null ? "'no authentication'" : "username/password (RFC 1929)"));
      return;
    }
    transport.write(new byte[] {5, (byte) wanted});
    state = portal == null ? State.V5_REQUEST : State.V5_LOGIN;
  }

  /** RFC 1929 section 2: the sub-negotiation, checked by the portal off the parse path. */
  private void parseV5Login() {
    if (len < 2) {
      return;
    }
    if (buf[0] != 1) {
      refuseGarbage("RFC 1929 login with version " + (buf[0] & 0xff));
      return;
    }
    int ulen = buf[1] & 0xff;
    if (len < 2 + ulen + 1) {
      return;
    }
    int plen = buf[2 + ulen] & 0xff;
    int total = 3 + ulen + plen;
    if (len < total) {
      return;
    }
    String user = new String(buf, 2, ulen, StandardCharsets.UTF_8);
    String password = new String(buf, 3 + ulen, plen, StandardCharsets.UTF_8);
    consume(total);
    state = State.AUTHENTICATING;
    portal.login(new UsernamePassword(user, password), transport.getPeer(), null, Object.class)
        .addCallbacks(
            login -> {
              if (state != State.AUTHENTICATING) {
                login.logout().run();
                return null;
              }
              logout = login.logout();
              transport.write(new byte[] {1, 0});
              state = State.V5_REQUEST;
              parse(); // a request pipelined behind the login
              return null;
            },
            failure -> {
              if (state == State.AUTHENTICATING) {
                // RFC 1929: a failure status, then the server MUST close the connection.
                transport.write(new byte[] {1, 1});
                finish("login refused for '" + user + "': " + failure.getErrorMessage());
              }
              return null;
            });
  }

  private void parseV5Request() {
    if (len < 5) {
      return;
    }
    if (buf[0] != 5) {
      refuseGarbage("SOCKS5 request with version " + (buf[0] & 0xff));
      return;
    }
    int command = buf[1] & 0xff;
    int atyp = buf[3] & 0xff;
    int addrLen;
    switch (atyp) {
      case 1 -> addrLen = 4;
      case 3 -> addrLen = 1 + (buf[4] & 0xff);
      case 4 -> addrLen = 16;
      default -> {
        reply(REP_ADDRESS_TYPE_NOT_SUPPORTED, null);
        finish("SOCKS5 address type " + atyp + " is not supported");
        return;
      }
    }
    int total = 4 + addrLen + 2;
    if (len < total) {
      return;
    }
    String host;
    if (atyp == 1) {
      host = (buf[4] & 0xff) + "." + (buf[5] & 0xff) + "." + (buf[6] & 0xff) + "." + (buf[7] & 0xff);
    } else if (atyp == 3) {
      host = new String(buf, 5, addrLen - 1, StandardCharsets.US_ASCII);
    } else {
      StringBuilder sb = new StringBuilder();
      for (int i = 0; i < 16; i += 2) {
        if (i > 0) {
          sb.append(':');
        }
        sb.append(Integer.toHexString(((buf[4 + i] & 0xff) << 8) | (buf[5 + i] & 0xff)));
      }
      host = sb.toString();
    }
    int port = ((buf[4 + addrLen] & 0xff) << 8) | (buf[5 + addrLen] & 0xff);
    consume(total);
    if (command != 1) {
      reply(REP_COMMAND_NOT_SUPPORTED, null);
      finish("SOCKS5 command " + command + " is not supported");
      return;
    }
    connect(host, port);
  }

  private void connect(String host, int port) {
    if (!allow.allows(host, port)) {
      reply(REP_NOT_ALLOWED, null);
      finish("destination " + host + ":" + port + " is not on the allow-list");
      return;
    }
    state = State.CONNECTING;
    relay = new Relay(transport);
    // Hold the client until the destination answers; what it already sent waits in buf.
    transport.pauseProducing();
    LOG.debug("SOCKS{} CONNECT {}:{}", version, host, port);
    dialing = dialer.connect(host, port, relay.outboundFactory());
    dialing.addCallbacks(
        protocol -> {
          dialing = null;
          connected();
          return null;
        },
        failure -> {
          dialing = null;
          if (state == State.CONNECTING) {
            reply(replyCodeFor(failure), null);
            finish("cannot connect to " + host + ":" + port + ": " + failure.getErrorMessage());
          }
          return null;
        });
  }

  private void connected() {
    if (state != State.CONNECTING) {
      // The client left while we were connecting.
      if (relay.outbound() != null) {
        relay.outbound().loseConnection();
      }
      return;
    }
    reply(REP_OK, relay.outbound().getHost());
    state = State.RELAYING;
    if (len > 0) {
      relay.fromInbound(Arrays.copyOf(buf, len));
    }
    buf = null;
    len = 0;
    relay.start();
    if (clientEof) {
      relay.inboundReadClosed();
    }
  }

  static int replyCodeFor(Failure failure) {
    if (failure.check(ConnectionRefusedError.class) != null) {
      return REP_CONNECTION_REFUSED;
    }
    if (failure.check(DNSLookupError.class) != null) {
      return REP_HOST_UNREACHABLE;
    }
    if (failure.check(NoRouteError.class) != null) {
      return REP_NETWORK_UNREACHABLE;
    }
    if (failure.check(ConnectTimeoutError.class, TimeoutError.class) != null) {
      return REP_TTL_EXPIRED;
    }
    return REP_GENERAL_FAILURE;
  }

  /** Sends the reply for the client's version; {@code bound} is our end of the outbound link. */
  private void reply(int code, Address bound) {
    byte[] addr = {0, 0, 0, 0};
    int port = 0;
    if (bound instanceof IPv4Address) {
      IPv4Address a = (IPv4Address) bound;
      String[] parts = a.host().split("\\.");
      if (parts.length == 4) {
        for (int i = 0; i < 4; i++) {
          addr[i] = (byte) Integer.parseInt(parts[i]);
        }
      }
      port = a.port();
    }
    if (version == 4) {
      int cd = code == REP_OK ? 90 : 91;
      transport.write(
          new byte[] {0, (byte) cd, (byte) (port >> 8), (byte) port, addr[0], addr[1], addr[2], addr[3]});
    } else {
      transport.write(
          new byte[] {
            5, (byte) code, 0, 1, addr[0], addr[1], addr[2], addr[3], (byte) (port >> 8), (byte) port
          });
    }
  }

  private void refuseGarbage(String why) {
    LOG.debug("dropping SOCKS client {}: {}", transport.getPeer(), why);
    state = State.DONE;
    buf = null;
    transport.abortConnection();
  }

  private void finish(String why) {
    LOG.info("SOCKS client {}: {}", transport.getPeer(), why);
    state = State.DONE;
    buf = null;
    transport.loseConnection();
  }

  /** The first zero in buf from {@code from} to before {@code to} (or len), else -1. */
  private int indexOfZero(int from, int to) {
    for (int i = from; i < Math.min(len, to); i++) {
      if (buf[i] == 0) {
        return i;
      }
    }
    return -1;
  }

  private void consume(int n) {
    System.arraycopy(buf, n, buf, 0, len - n);
    len -= n;
  }

  @Override
  public void readConnectionLost() {
    if (state == State.RELAYING) {
      relay.inboundReadClosed();
    } else if (state == State.CONNECTING) {
      clientEof = true;
    } else {
      transport.loseConnection();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    State was = state;
    state = State.DONE;
    if (logout != null) {
      Runnable r = logout;
      logout = null;
      r.run();
    }
    if (was == State.CONNECTING && dialing != null) {
      Deferred<Protocol> d = dialing;
      dialing = null;
      d.cancel();
    }
    if (relay != null) {
      relay.inboundConnectionLost();
    }
  }
}
