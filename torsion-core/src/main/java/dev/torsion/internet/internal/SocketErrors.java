package dev.torsion.internet.internal;

import dev.torsion.internet.CannotListenError;
import dev.torsion.internet.ConnectError;
import dev.torsion.internet.ConnectTimeoutError;
import dev.torsion.internet.ConnectionRefusedError;
import dev.torsion.internet.NoRouteError;
import java.io.IOException;
import java.net.NoRouteToHostException;
import java.util.Locale;

/** Turns the JDK's socket exceptions into Torsion's errors, each naming the address involved. */
final class SocketErrors {
  private SocketErrors() {}

  /** "Address already in use" becomes "address already in use", as errno text reads. */
  static String reason(Throwable e) {
    String m = e.getMessage();
    if (m == null || m.isEmpty()) {
      return e.getClass().getSimpleName();
    }
    int paren = m.indexOf(" (");
    if (paren > 0 && m.endsWith(")") && m.contains("errno")) {
      m = m.substring(0, paren);
    }
    return Character.toLowerCase(m.charAt(0)) + m.substring(1);
  }

  static CannotListenError cannotListen(String where, Throwable e) {
    return new CannotListenError(where + ": " + reason(e), e);
  }

  /** The error a failed connect to {@code where} should report: refused, unreachable, ... */
  static ConnectError connectFailed(String where, IOException e) {
    String m = reason(e);
    String lower = m.toLowerCase(Locale.ROOT);
    if (e instanceof NoRouteToHostException
        || lower.contains("no route to host")
        || lower.contains("network is unreachable")
        || lower.contains("host is unreachable")) {
      return new NoRouteError(where + ": " + m, e);
    }
    if (lower.contains("refused")) {
      return new ConnectionRefusedError(where + ": connection refused", e);
    }
    if (lower.contains("timed out")) {
      return new ConnectTimeoutError(where + ": " + m, e);
    }
    return new ConnectError(where + ": " + m, e);
  }
}
