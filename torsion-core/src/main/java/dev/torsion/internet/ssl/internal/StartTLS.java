package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.Protocol;
import dev.torsion.internet.internal.ProtocolSwitchable;
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
    // From here on the app's writes must go through the layer, never in plaintext below.
    ProtocolAccess.setTransport(app, layer.appTransport());
    transport.switchProtocol(layer);
    layer.makeConnection(transport);
  }
}
