package dev.torsion.web.http2.internal;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.GracefulClose;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.internal.Http1ServerConnection;
import dev.torsion.web.server.Site;

/**
 * The protocol a {@link Site} gives each connection: it waits for the first bytes, then hands
 * the connection to HTTP/2 when ALPN chose {@code h2} (RFC 9113 3.2) or the bytes are the
 * client preface (prior knowledge, 3.3), and to HTTP/1.1 otherwise. Everything after goes
 * straight to the chosen protocol; an HTTP/1.1 Upgrade to h2c switches once more, inside
 * Http1ServerConnection (H2cUpgrade).
 *
 * <pre>
 *   waiting ──ALPN h2 / "PRI * HTTP/2.0..."──▶ HTTP/2
 *      └────────any other bytes──────────────▶ HTTP/1.1 ──Upgrade: h2c, 101──▶ HTTP/2
 *   timeout: the site's, while waiting
 * </pre>
 */
public final class ServerProtocolSelector extends Protocol implements GracefulClose {
  private final Site site;
  private final Http2Limits limits;
  private Protocol chosen;
  private byte[] held;
  private DelayedCall timer;
  private boolean closing; // asked to close gracefully before choosing: the chosen one is told

  public ServerProtocolSelector(Site site, Http2Limits limits) {
    this.site = site;
    this.limits = limits;
  }

  @Override
  public void connectionMade() {
    double t = site.getTimeout();
    if (t > 0) {
      timer = site.getReactorTime().callLater(t, () -> {
        if (chosen == null) {
          transport.loseConnection();
        }
      });
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    if (chosen != null) {
      chosen.dataReceived(data);
      return;
    }
    byte[] all = data;
    if (held != null) {
      all = new byte[held.length + data.length];
      System.arraycopy(held, 0, all, 0, held.length);
      System.arraycopy(data, 0, all, held.length, data.length);
      held = null;
    }
    boolean h2 = limits != null && transport instanceof TLSTransport tls
        && "h2".equals(tls.getApplicationProtocol());
    if (!h2 && limits != null) {
      // RFC 9113 3.4 reserves the method PRI for the preface: a request starting "PRI" goes to
      // HTTP/2, whose reader answers a bad preface with GOAWAY PROTOCOL_ERROR.
      int n = Math.min(all.length, 3);
      boolean prefix = true;
      for (int i = 0; i < n && prefix; i++) {
        prefix = all[i] == Http2.PREFACE[i];
      }
      if (prefix && n < 3) {
        held = all; // could still be the preface: wait for more
        return;
      }
      h2 = prefix;
    }
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    Protocol p;
    if (h2) {
      p = new Http2ServerConnection(site, limits);
    } else {
      p = new Http1ServerConnection(site);
    }
    p.setFactory(factory);
    chosen = p;
    p.makeConnection(transport);
    if (closing && p instanceof GracefulClose graceful) {
      graceful.closeGracefully(); // before the first request, so that it is answered with close
    }
    if (connected) {
      p.dataReceived(all);
    }
  }

  /**
   * Passes a graceful close on to the protocol chosen (HTTP/1.1 answers with Connection: close,
   * HTTP/2 with GOAWAY). Before any byte has come, the first request is still awaited for
   * {@link Http1ServerConnection#IDLE_GRACE_SECONDS}: the connection may be one accepted from the
   * backlog as the port closed, its request on the way.
   */
  @Override
  public void closeGracefully() {
    if (chosen != null) {
      if (chosen instanceof GracefulClose graceful) {
        graceful.closeGracefully();
      }
      return;
    }
    if (closing) {
      return;
    }
    closing = true;
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    timer = site.getReactorTime().callLater(Http1ServerConnection.IDLE_GRACE_SECONDS, () -> {
      if (chosen == null) {
        transport.loseConnection();
      }
    });
  }

  /** The protocol chosen, or null while still waiting. */
  public Protocol chosen() {
    return chosen;
  }

  @Override
  public void connectionLost(Failure reason) {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    if (chosen != null) {
      chosen.transportClosed(reason);
    }
  }
}
