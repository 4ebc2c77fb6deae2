package dev.torsion.web.internal;

import dev.torsion.internet.ConnectError;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/**
 * The first moments of an https request through an HTTP proxy (RFC 9110 9.3.6): asks the proxy
 * to CONNECT to the origin, and once it answers 2xx hands the connection to {@code inner} (the
 * TLS layer over the HTTP connection), forwarding it every byte that follows.
 *
 * <pre>
 *   connected ──"CONNECT host:443"──▶ reading head ──2xx──▶ tunnel: bytes ⇄ inner (TLS, HTTP)
 *                                          └── other status, EOF, 16 KiB without an end: fail
 * </pre>
 */
public final class ConnectTunnel extends Protocol {
  private static final int MAX_HEAD = 16 * 1024;

  private final String authority;
  private final String proxyAuthorization;
  private final Protocol inner;
  private final Deferred<?> ready;
  private byte[] head = new byte[0];
  private boolean open;

  /**
   * @param authority "host:port" of the origin
   * @param proxyAuthorization a Proxy-Authorization value, or null
   * @param ready failed here if the tunnel cannot be made (the inner protocol fires it otherwise)
   */
  public ConnectTunnel(String authority, String proxyAuthorization, Protocol inner, Deferred<?> ready) {
    this.authority = authority;
    this.proxyAuthorization = proxyAuthorization;
    this.inner = inner;
    this.ready = ready;
  }

  @Override
  public void connectionMade() {
    String request = "CONNECT " + authority + " HTTP/1.1\r\nHost: " + authority + "\r\n"
        + (proxyAuthorization == null ? "" : "Proxy-Authorization: " + proxyAuthorization + "\r\n")
        + "\r\n";
    transport.write(request.getBytes(StandardCharsets.ISO_8859_1));
  }

  @Override
  public void dataReceived(byte[] data) {
    if (open) {
      inner.dataReceived(data);
      return;
    }
    if (head == null) {
      return; // failed: the connection is being dropped
    }
    byte[] all = Arrays.copyOf(head, head.length + data.length);
    System.arraycopy(data, 0, all, head.length, data.length);
    head = all;
    int end = indexOfEnd(all);
    if (end < 0) {
      if (all.length > MAX_HEAD) {
        fail("the proxy's answer to CONNECT " + authority + " has no end in " + MAX_HEAD + " bytes");
      }
      return;
    }
    String statusLine = new String(all, 0, Math.max(0, indexOfCrlf(all)), StandardCharsets.ISO_8859_1);
    String[] parts = statusLine.split(" ", 3);
    if (parts.length < 2 || !parts[0].startsWith("HTTP/1.") || !parts[1].matches("2\\d\\d")) {
      fail("the proxy refused CONNECT " + authority + ": " + Ascii.printable(statusLine));
      return;
    }
    open = true;
    head = null;
    inner.makeConnection(transport);
    if (end < all.length) {
      inner.dataReceived(Arrays.copyOfRange(all, end, all.length));
    }
  }

  private void fail(String message) {
    head = null;
    if (!ready.called()) {
      ready.errback(new ConnectError(message));
    }
    transport.abortConnection();
  }

  @Override
  public void connectionLost(Failure reason) {
    if (open) {
      inner.transportClosed(reason);
    } else if (!ready.called()) {
      ready.errback(new ConnectionLost("the proxy closed the connection before answering CONNECT "
          + authority, reason.value()));
    }
  }

  private static int indexOfEnd(byte[] b) {
    for (int i = 3; i < b.length; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r' && b[i - 2] == '\n' && b[i - 3] == '\r') {
        return i + 1;
      }
    }
    return -1;
  }

  private static int indexOfCrlf(byte[] b) {
    for (int i = 1; i < b.length; i++) {
      if (b[i] == '\n' && b[i - 1] == '\r') {
        return i - 1;
      }
    }
    return -1;
  }
}
