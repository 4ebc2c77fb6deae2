package dev.torsion.web.internal;

import dev.torsion.internet.Transport;

/** Tells whether a transport is TLS, without depending on the TLS classes' names. */
final class TransportSecurity {
  private TransportSecurity() {}

  static boolean isSecure(Transport t) {
    // The TLS transport is in dev.torsion.internet.ssl (or its internals); match by package so
    // this keeps working however that issue names its classes.
    for (Class<?> c = t.getClass(); c != null; c = c.getSuperclass()) {
      if (c.getName().startsWith("dev.torsion.internet.ssl.")
          || c.getName().contains(".Tls") || c.getName().contains(".TLS")) {
        return true;
      }
      for (Class<?> i : c.getInterfaces()) {
        if (i.getName().startsWith("dev.torsion.internet.ssl.")) {
          return true;
        }
      }
    }
    return false;
  }
}
