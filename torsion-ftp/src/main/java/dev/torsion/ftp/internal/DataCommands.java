package dev.torsion.ftp.internal;

import java.net.InetAddress;
import java.net.UnknownHostException;
import java.util.Locale;

/**
 * PASV, EPSV, PORT and EPRT: where the next data connection comes from, each answered with the
 * reply line to send. PORT and EPRT go only to the control connection's own peer and only to
 * an unprivileged port, so the server cannot be made to connect to a third host (the bounce
 * attack, RFC 2577 section 3); after EPSV ALL only EPSV is accepted (RFC 2428 section 4).
 */
public final class DataCommands {
  private final DataChannel data;
  private final double timeout;
  private boolean epsvAll;

  public DataCommands(DataChannel data, double timeout) {
    this.data = data;
    this.timeout = timeout;
  }

  /** PASV (RFC 959 4.1.2) or, extended, EPSV (RFC 2428 3), on the control connection's local host. */
  public String pasv(String localHost, boolean extended) {
    if (epsvAll && !extended) {
      return "503 EPSV ALL in force";
    }
    if (!extended && localHost.contains(":")) {
      return "425 PASV is IPv4 only; use EPSV";
    }
    int port;
    try {
      port = data.openPassive(localHost, timeout);
    } catch (RuntimeException e) {
      return "425 Cannot open a passive port: " + e.getMessage();
    }
    if (extended) {
      return "229 Entering Extended Passive Mode (|||" + port + "|)";
    }
    return "227 Entering Passive Mode (" + localHost.replace('.', ',') + "," + (port >> 8) + ","
        + (port & 0xFF) + ")";
  }

  public String epsv(String localHost, String arg) {
    String a = arg.trim().toUpperCase(Locale.ROOT);
    if (a.equals("ALL")) {
      epsvAll = true;
      return "200 EPSV ALL ok";
    }
    String family = localHost.contains(":") ? "2" : "1";
    if (!a.isEmpty() && !a.equals(family)) {
      return "522 Network protocol not supported, use (" + family + ")";
    }
    return pasv(localHost, true);
  }

  /** PORT or, extended, EPRT, from a control connection whose peer is {@code peerHost}. */
  public String port(String arg, boolean extended, String peerHost) {
    if (epsvAll) {
      return "503 EPSV ALL in force";
    }
    HostPort target;
    try {
      target = extended ? HostPort.parseEprt(arg.trim()) : HostPort.parsePort(arg);
    } catch (HostPort.UnsupportedProtocol e) {
      return "522 Network protocol not supported, use (1,2)";
    } catch (MalformedCommand e) {
      return "501 Syntax error: " + e.getMessage();
    }
    if (!sameHost(target.host(), peerHost)) {
      return "504 Refusing a data connection to a host other than yours";
    }
    if (target.port() < 1024) {
      return "504 Refusing a data connection to a privileged port";
    }
    data.setActive(target);
    return "200 " + (extended ? "EPRT" : "PORT") + " command successful";
  }

  /** Two numeric literals naming one address (::ffff:127.0.0.1 and 127.0.0.1, say). */
  private static boolean sameHost(String a, String b) {
    if (a.equals(b)) {
      return true;
    }
    try {
      return InetAddress.getByName(a).equals(InetAddress.getByName(b));
    } catch (UnknownHostException e) {
      return false; // both are literals: no lookup happens
    }
  }
}
