package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.internal.ProtocolSwitchable;
import dev.torsion.internet.internal.ProtocolWrapper;
import dev.torsion.internet.ssl.TLSOptions;

/** Interposes a TLS layer between a live transport and its protocol. */
public final class StartTLS {
  private StartTLS() {}

  public static void start(ProtocolSwitchable transport, TLSOptions options) {
    Protocol app = transport.currentProtocol();
    if (app instanceof TLSLayer) {
      throw new IllegalStateException("TLS has already been started on this connection");
    }
    TLSLayer layer = new TLSLayer(options, app, transport.reactorTime(), true);
    // The switch goes first: a transport that refuses it (closed) leaves the app untouched.
    transport.switchProtocol(layer);
    // From here on the app's writes must go through the layer, never in plaintext below: so
    // also those of a protocol behind a wrapper (an endpoint's), which holds the same transport.
    for (Protocol p = app; p != null; p = wrapped(p)) {
      if (p.getTransport() == transport) {
        ProtocolAccess.setTransport(p, layer.appTransport());
      }
    }
    layer.makeConnection(transport);
  }

  /** The protocol {@code p} passes its events to, or null. */
  static Protocol wrapped(Protocol p) {
    return p instanceof ProtocolWrapper ? ((ProtocolWrapper) p).wrappedProtocol() : null;
  }
}
