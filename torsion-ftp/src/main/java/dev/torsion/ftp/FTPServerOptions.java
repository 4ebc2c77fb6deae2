package dev.torsion.ftp;

import dev.torsion.cred.Portal;
import dev.torsion.internet.ssl.TLSOptions;
import java.util.Objects;

/**
 * How an FTP server behaves: who may log in (a cred {@link Portal} whose realm makes {@link
 * FTPShell}s), TLS for AUTH TLS, the passive port range and every limit, with safe defaults.
 *
 * <pre>{@code
 * FTPServerOptions options = FTPServerOptions.builder(portal)
 *     .tls(TLSOptions.forServer(keyMaterial).build())
 *     .passivePorts(50000, 50100)
 *     .idleTimeout(120)
 *     .build();
 * reactor.listenTCP(2121, new FTPFactory(options, reactor));
 * }</pre>
 */
public final class FTPServerOptions {
  private final Portal portal;
  private final TLSOptions tls;
  private final int passiveLow;
  private final int passiveHigh;
  private final int maxPassivePorts;
  private final int maxConnections;
  private final double idleTimeout;
  private final double dataTimeout;
  private final int maxLineLength;
  private final int maxListEntries;
  private final int maxLoginFailures;
  private final String greeting;
  private final boolean requireTLS;

  private FTPServerOptions(Builder b) {
    portal = b.portal;
    tls = b.tls;
    passiveLow = b.passiveLow;
    passiveHigh = b.passiveHigh;
    maxPassivePorts = b.maxPassivePorts;
    maxConnections = b.maxConnections;
    idleTimeout = b.idleTimeout;
    dataTimeout = b.dataTimeout;
    maxLineLength = b.maxLineLength;
    maxListEntries = b.maxListEntries;
    maxLoginFailures = b.maxLoginFailures;
    greeting = b.greeting;
    requireTLS = b.requireTLS;
  }

  /** Options for a server whose users {@code portal} logs in. */
  public static Builder builder(Portal portal) {
    return new Builder(portal);
  }

  public Portal portal() {
    return portal;
  }

  /** TLS for AUTH TLS and PROT P, or null when the server offers no TLS. */
  public TLSOptions tls() {
    return tls;
  }

  /** The lowest passive port, or 0 for any free port. */
  public int passiveLow() {
    return passiveLow;
  }

  public int passiveHigh() {
    return passiveHigh;
  }

  public int maxPassivePorts() {
    return maxPassivePorts;
  }

  public int maxConnections() {
    return maxConnections;
  }

  public double idleTimeout() {
    return idleTimeout;
  }

  public double dataTimeout() {
    return dataTimeout;
  }

  public int maxLineLength() {
    return maxLineLength;
  }

  public int maxListEntries() {
    return maxListEntries;
  }

  public int maxLoginFailures() {
    return maxLoginFailures;
  }

  public String greeting() {
    return greeting;
  }

  /** Whether logins need AUTH TLS first and transfers need PROT P. */
  public boolean requireTLS() {
    return requireTLS;
  }

  /** Builds {@link FTPServerOptions}; every limit starts at a safe default. */
  public static final class Builder {
    private final Portal portal;
    private TLSOptions tls;
    private int passiveLow;
    private int passiveHigh;
    private int maxPassivePorts = 64;
    private int maxConnections = 256;
    private double idleTimeout = 300;
    private double dataTimeout = 60;
    private int maxLineLength = 4096;
    private int maxListEntries = 100_000;
    private int maxLoginFailures = 3;
    private String greeting = "Torsion FTP server ready";
    private boolean requireTLS;

    private Builder(Portal portal) {
      this.portal = Objects.requireNonNull(portal, "portal");
    }

    /** Server TLS options: AUTH TLS is offered (RFC 4217) and PROT P protects data connections. */
    public Builder tls(TLSOptions tls) {
      if (tls != null && tls.isClient()) {
        throw new IllegalArgumentException("an FTP server needs server TLS options");
      }
      this.tls = tls;
      return this;
    }

    /** Passive data connections listen on a port in {@code low}-{@code high} (for a firewall). */
    public Builder passivePorts(int low, int high) {
      if (low < 1024 || high > 65535 || low > high) {
        throw new IllegalArgumentException("passive ports must be LOW-HIGH within 1024-65535, not "
            + low + "-" + high);
      }
      passiveLow = low;
      passiveHigh = high;
      return this;
    }

    /** How many passive ports may wait for a connection at once, over all sessions (64). */
    public Builder maxPassivePorts(int n) {
      maxPassivePorts = positive(n, "maxPassivePorts");
      return this;
    }

    /** Control connections at once; the next one gets 421 and is closed (256). */
    public Builder maxConnections(int n) {
      maxConnections = positive(n, "maxConnections");
      return this;
    }

    /** Seconds a control connection may sit idle, outside a transfer (300). */
    public Builder idleTimeout(double seconds) {
      idleTimeout = positive(seconds, "idleTimeout");
      return this;
    }

    /** Seconds to wait for a data connection, or for a stalled transfer to move (60). */
    public Builder dataTimeout(double seconds) {
      dataTimeout = positive(seconds, "dataTimeout");
      return this;
    }

    /** The longest command line, in bytes (4096); a longer one gets 500 and the connection closes. */
    public Builder maxLineLength(int n) {
      maxLineLength = positive(n, "maxLineLength");
      return this;
    }

    /** Entries one LIST, NLST or MLSD returns at most (100000). */
    public Builder maxListEntries(int n) {
      maxListEntries = positive(n, "maxListEntries");
      return this;
    }

    /** Failed logins on one connection before it is closed (3). */
    public Builder maxLoginFailures(int n) {
      maxLoginFailures = positive(n, "maxLoginFailures");
      return this;
    }

    /** The text of the 220 greeting. */
    public Builder greeting(String text) {
      if (text.contains("\r") || text.contains("\n")) {
        throw new IllegalArgumentException("the greeting is one line");
      }
      greeting = text;
      return this;
    }

    /**
     * Refuses USER before AUTH TLS (530) and transfers without PROT P (521), so no password
     * and no file crosses the network in the clear. Needs {@link #tls}.
     */
    public Builder requireTLS(boolean require) {
      requireTLS = require;
      return this;
    }

    public FTPServerOptions build() {
      if (requireTLS && tls == null) {
        throw new IllegalArgumentException("requireTLS needs TLS options");
      }
      return new FTPServerOptions(this);
    }

    private static int positive(int n, String name) {
      if (n <= 0) {
        throw new IllegalArgumentException(name + " must be positive, not " + n);
      }
      return n;
    }

    private static double positive(double n, String name) {
      if (!(n > 0)) {
        throw new IllegalArgumentException(name + " must be positive, not " + n);
      }
      return n;
    }
  }
}
