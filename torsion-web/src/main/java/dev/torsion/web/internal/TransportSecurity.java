package dev.torsion.web.internal;

import dev.torsion.internet.Transport;
import dev.torsion.internet.ssl.TLSTransport;

/** Tells whether a transport is TLS. */
final class TransportSecurity {
  private TransportSecurity() {}

  static boolean isSecure(Transport t) {
    return t instanceof TLSTransport;
  }
}
