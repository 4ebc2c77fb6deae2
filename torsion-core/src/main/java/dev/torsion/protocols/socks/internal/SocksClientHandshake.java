package dev.torsion.protocols.socks.internal;

import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Failure;
import dev.torsion.internet.HalfCloseableProtocol;
import dev.torsion.internet.Protocol;
import dev.torsion.protocols.socks.SOCKSError;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The client side of a SOCKS4a or SOCKS5 CONNECT on a connection to the proxy; once the proxy
 * grants it, builds the caller's protocol on the same transport and passes every byte and event
 * through to it.
 *
 * <pre>
 * SOCKS5 (RFC 1928, RFC 1929)
 *   -> 05 n METHODS (00 none, 02 user/password)     <- 05 METHOD (FF: none acceptable)
 *   [-> 01 ULEN USER PLEN PASS                        <- 01 STATUS (00 ok)]
 *   -> 05 01 00 03 LEN HOST PORT(2)                  <- 05 REP 00 ATYP ADDR PORT(2)
 * SOCKS4a
 *   -> 04 01 PORT(2) 0.0.0.1 USERID 00 HOST 00       <- 00 5A PORT(2) IP(4)   (5A granted)
 * </pre>
 */
public final class SocksClientHandshake extends Protocol implements HalfCloseableProtocol {
  private enum State { METHOD, AUTH, REPLY, RELAY, DONE }

  /** No reply is longer than a SOCKS5 reply with a 255-byte name. */
  static final int MAX_REPLY = 4 + 1 + 255 + 2;

  private final int version;
  private final String host;
  private final int port;
  private final String username;
  private final String password;
  private final Factory factory;
  private final Deferred<Protocol> result;
  private State state;
  private byte[] buf = new byte[0];
  private Protocol inner;

  public SocksClientHandshake(int version, String host, int port, String username,
      String password, Factory factory, Deferred<Protocol> result) {
    if (version != 4 && version != 5) {
      throw new IllegalArgumentException("SOCKS version " + version);
    }
    byte[] h = host.getBytes(StandardCharsets.UTF_8);
    if (h.length == 0 || h.length > 255 || host.indexOf('\0') >= 0) {
      throw new IllegalArgumentException("bad SOCKS destination host '" + host + "'");
    }
    if (port < 1 || port > 65535) {
      throw new IllegalArgumentException("bad SOCKS destination port " + port);
    }
    if (username != null && (username.getBytes(StandardCharsets.UTF_8).length > 255
        || (password != null && password.getBytes(StandardCharsets.UTF_8).length > 255))) {
      throw new IllegalArgumentException("SOCKS user name and password are at most 255 bytes");
    }
    this.version = version;
    this.host = host;
    this.port = port;
    this.username = username;
    this.password = password == null ? "" : password;
    this.factory = factory;
    this.result = result;
  }

  @Override
  public void connectionMade() {
    if (version == 5) {
      state = State.METHOD;
      transport.write(username == null ? new byte[] {5, 1, 0} : new byte[] {5, 2, 0, 2});
    } else {
      state = State.REPLY;
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      byte[] ip = ipv4(host);
      out.writeBytes(new byte[] {4, 1, (byte) (port >>> 8), (byte) port});
      // An address literal goes as plain SOCKS4; a name as 4a's 0.0.0.1 followed by the name.
      out.writeBytes(ip != null ? ip : new byte[] {0, 0, 0, 1});
      if (username != null) {
        out.writeBytes(username.getBytes(StandardCharsets.UTF_8));
      }
      out.write(0);
      if (ip == null) {
        out.writeBytes(host.getBytes(StandardCharsets.UTF_8));
        out.write(0);
      }
      transport.write(out.toByteArray());
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    if (state == State.RELAY) {
      inner.dataReceived(data);
      return;
    }
    if (state == State.DONE) {
      return;
    }
    if (buf.length + data.length > MAX_REPLY + 2) {
      fail(new SOCKSError("SOCKS proxy sent more than a reply before granting", -1));
      return;
    }
    byte[] joined = Arrays.copyOf(buf, buf.length + data.length);
    System.arraycopy(data, 0, joined, buf.length, data.length);
    buf = joined;
    try {
      step();
    } catch (SOCKSError e) {
      fail(e);
    }
  }

  private void step() {
    while (state != State.RELAY && state != State.DONE) {
      int used = switch (state) {
        case METHOD -> method();
        case AUTH -> auth();
        case REPLY -> version == 5 ? reply5(buf) : reply4(buf);
        default -> 0;
      };
      if (used == 0) {
        return;
      }
      buf = Arrays.copyOfRange(buf, used, buf.length);
      if (state == State.RELAY) {
        granted();
      }
    }
  }

  private int method() {
    if (buf.length < 2) {
      return 0;
    }
    if (buf[0] != 5) {
      throw new SOCKSError("not a SOCKS5 proxy (version " + (buf[0] & 0xff) + ")", -1);
    }
    int m = buf[1] & 0xff;
    if (m == 0) {
      sendRequest();
    } else if (m == 2 && username != null) {
      byte[] u = username.getBytes(StandardCharsets.UTF_8);
      byte[] p = password.getBytes(StandardCharsets.UTF_8);
      ByteArrayOutputStream out = new ByteArrayOutputStream();
      // RFC 1929 section 2
      out.write(1);
      out.write(u.length);
      out.writeBytes(u);
      out.write(p.length);
      out.writeBytes(p);
      transport.write(out.toByteArray());
      state = State.AUTH;
    } else {
      throw new SOCKSError("SOCKS5 proxy accepts none of our authentication methods", -1);
    }
    return 2;
  }

  private int auth() {
    if (buf.length < 2) {
      return 0;
    }
    if (buf[1] != 0) {
      throw new SOCKSError("SOCKS5 proxy refused the user name or password", -1);
    }
    sendRequest();
    return 2;
  }

  private void sendRequest() {
    byte[] h = host.getBytes(StandardCharsets.UTF_8);
    byte[] ip = ipv4(host);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    if (ip != null) {
      out.writeBytes(new byte[] {5, 1, 0, 1});
      out.writeBytes(ip);
    } else {
      out.writeBytes(new byte[] {5, 1, 0, 3, (byte) h.length});
      out.writeBytes(h);
    }
    out.write(port >>> 8);
    out.write(port & 0xff);
    transport.write(out.toByteArray());
    state = State.REPLY;
  }

  /** The four bytes of a dotted-quad IPv4 literal, or null for anything else (a name). */
  static byte[] ipv4(String host) {
    String[] parts = host.split("\\.", -1);
    if (parts.length != 4) {
      return null;
    }
    byte[] out = new byte[4];
    for (int i = 0; i < 4; i++) {
      if (!parts[i].matches("\\d{1,3}") || Integer.parseInt(parts[i]) > 255) {
        return null;
      }
      out[i] = (byte) Integer.parseInt(parts[i]);
    }
    return out;
  }

  /** The length of a whole SOCKS5 reply at the start of {@code b}, 0 if more is needed. */
  static int reply5Length(byte[] b) {
    if (b.length < 5) {
      return 0;
    }
    if (b[0] != 5) {
      throw new SOCKSError("not a SOCKS5 reply (version " + (b[0] & 0xff) + ")", -1);
    }
    int addr = switch (b[3] & 0xff) {
      case 1 -> 4;
      case 3 -> 1 + (b[4] & 0xff);
      case 4 -> 16;
      default -> throw new SOCKSError("SOCKS5 reply with address type " + (b[3] & 0xff), -1);
    };
    int n = 4 + addr + 2;
    return b.length < n ? 0 : n;
  }

  private int reply5(byte[] b) {
    int n = reply5Length(b);
    if (n == 0) {
      return 0;
    }
    int rep = b[1] & 0xff;
    if (rep != 0) {
      throw new SOCKSError("SOCKS5 proxy: " + describe(rep) + " (" + host + ":" + port + ")", rep);
    }
    state = State.RELAY;
    return n;
  }

  private int reply4(byte[] b) {
    if (b.length < 8) {
      return 0;
    }
    if (b[0] != 0) {
      throw new SOCKSError("not a SOCKS4 reply (version " + (b[0] & 0xff) + ")", -1);
    }
    int code = b[1] & 0xff;
    if (code != 90) {
      throw new SOCKSError("SOCKS4 proxy refused " + host + ":" + port + " (code " + code + ")", code);
    }
    state = State.RELAY;
    return 8;
  }

  /** RFC 1928 section 6. */
  static String describe(int rep) {
    return switch (rep) {
      case 1 -> "general SOCKS server failure";
      case 2 -> "connection not allowed by ruleset";
      case 3 -> "network unreachable";
      case 4 -> "host unreachable";
      case 5 -> "connection refused";
      case 6 -> "TTL expired";
      case 7 -> "command not supported";
      case 8 -> "address type not supported";
      default -> "reply code " + rep;
    };
  }

  private void granted() {
    inner = factory.buildProtocol(transport.getPeer());
    if (inner == null) {
      state = State.DONE;
      transport.loseConnection();
      result.errback(new SOCKSError("the factory built no protocol", -1));
      return;
    }
    inner.makeConnection(transport);
    result.callback(inner);
    if (buf.length > 0 && state == State.RELAY) {
      byte[] rest = buf;
      buf = new byte[0];
      inner.dataReceived(rest);
    }
  }

  private void fail(SOCKSError e) {
    state = State.DONE;
    transport.loseConnection();
    result.errback(e);
  }

  @Override
  public void readConnectionLost() {
    if (state == State.RELAY && inner instanceof HalfCloseableProtocol h) {
      h.readConnectionLost();
    } else {
      transport.loseConnection();
    }
  }

  @Override
  public void writeConnectionLost() {
    if (state == State.RELAY && inner instanceof HalfCloseableProtocol h) {
      h.writeConnectionLost();
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (state == State.RELAY) {
      inner.transportClosed(reason);
      return;
    }
    if (state != State.DONE) {
      state = State.DONE;
      result.errback(new SOCKSError("SOCKS proxy closed the connection during the handshake: "
          + reason.getErrorMessage(), -1));
    }
  }

  /** For tests: whether the handshake gave way to the caller's protocol. */
  public boolean relaying() {
    return state == State.RELAY;
  }

  /**
   * Connects through {@code proxy}, runs the SOCKS{@code version} handshake for {@code host}:
   * {@code port}, then hands the tunnel to {@code factory}'s protocol. Cancelling the result
   * aborts the handshake, or the connection to the proxy while that is still being made.
   */
  public static Deferred<Protocol> connectThrough(ClientEndpoint proxy, int version, String host,
      int port, String username, String password, Factory factory) {
    Protocol[] handshake = {null};
    @SuppressWarnings("unchecked")
    Deferred<Protocol>[] proxyConnect = new Deferred[1];
    Deferred<Protocol> result = new Deferred<>(d -> {
      if (handshake[0] != null && handshake[0].getTransport() != null) {
        handshake[0].getTransport().abortConnection();
      } else if (proxyConnect[0] != null) {
        proxyConnect[0].cancel();
      }
    });
    Factory handshakes = new Factory(() -> null) {
      @Override
      public Protocol buildProtocol(Address addr) {
        handshake[0] = new SocksClientHandshake(version, host, port, username, password, factory, result);
        return handshake[0];
      }
    };
    proxyConnect[0] = proxy.connect(handshakes);
    proxyConnect[0].addErrback(f -> {
      if (!result.called()) {
        result.errback(f.value());
      }
      return null;
    });
    return result;
  }
}
