package dev.torsion.mail.imap;

import dev.torsion.cred.Portal;
import dev.torsion.internet.ssl.TLSOptions;
import java.nio.file.Path;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How an {@link IMAP4Server} behaves: who may log in, TLS, where large literals are spooled, and
 * the limits every session runs under (with safe defaults).
 *
 * <pre>{@code
 * IMAPServerOptions o = IMAPServerOptions.builder("mail.example.com", portal)
 *     .tls(tls).spool(domains.spool()).maxLiteral(25 << 20).build();
 * }</pre>
 */
public final class IMAPServerOptions {
  final String hostname;
  final Portal portal;
  final TLSOptions tls;
  final UnaryOperator<String> loginName;
  final boolean plaintextEverywhere;
  final Path spool;
  final int maxLine;
  final long maxLiteral;
  final int maxBadCommands;
  final double timeout;

  private IMAPServerOptions(Builder b) {
    hostname = b.hostname;
    portal = b.portal;
    tls = b.tls;
    loginName = b.loginName;
    plaintextEverywhere = b.plaintextEverywhere;
    spool = b.spool;
    maxLine = b.maxLine;
    maxLiteral = b.maxLiteral;
    maxBadCommands = b.maxBadCommands;
    timeout = b.timeout;
  }

  /** Options for a server named {@code hostname} whose users log in through {@code portal}. */
  public static Builder builder(String hostname, Portal portal) {
    return new Builder(hostname, portal);
  }

  /** Builds {@link IMAPServerOptions}. */
  public static final class Builder {
    private final String hostname;
    private final Portal portal;
    private TLSOptions tls;
    private UnaryOperator<String> loginName = n -> n;
    private boolean plaintextEverywhere;
    private Path spool;
    private int maxLine = 8192;
    private long maxLiteral = 25L << 20;
    private int maxBadCommands = 20;
    private double timeout = 30 * 60;

    private Builder(String hostname, Portal portal) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
      this.portal = Objects.requireNonNull(portal, "portal");
    }

    /** Offers STARTTLS (RFC 3501 6.2.1) with these options. */
    public Builder tls(TLSOptions t) {
      tls = t;
      return this;
    }

    /** Maps the name a client gives (NAME@DOMAIN, say) to the name the portal knows. */
    public Builder loginName(UnaryOperator<String> map) {
      loginName = map;
      return this;
    }

    /**
     * Accepts LOGIN and AUTHENTICATE PLAIN before TLS from any address; by default only from
     * loopback, and LOGINDISABLED is advertised elsewhere (RFC 3501 6.2.3).
     */
    public Builder plaintextEverywhere(boolean on) {
      plaintextEverywhere = on;
      return this;
    }

    /** Where literals over 64 KiB (APPENDed messages) are written as they arrive. */
    public Builder spool(Path dir) {
      spool = dir;
      return this;
    }

    /** The longest command line (between literals), 8192 octets by default. */
    public Builder maxLine(int octets) {
      maxLine = octets;
      return this;
    }

    /** The largest literal (an APPENDed message), 25 MiB by default; larger get [TOOBIG]. */
    public Builder maxLiteral(long octets) {
      maxLiteral = octets;
      return this;
    }

    /** BAD answers before the session is closed with BYE; 20 by default. */
    public Builder maxBadCommands(int n) {
      maxBadCommands = n;
      return this;
    }

    /** RFC 3501 5.4: the autologout timer, at least 30 minutes (the default). */
    public Builder timeout(double seconds) {
      timeout = seconds;
      return this;
    }

    public IMAPServerOptions build() {
      return new IMAPServerOptions(this);
    }
  }
}
