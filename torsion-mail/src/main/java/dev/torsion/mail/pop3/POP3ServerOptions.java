package dev.torsion.mail.pop3;

import dev.torsion.cred.Portal;
import dev.torsion.internet.ssl.TLSOptions;
import java.util.Objects;
import java.util.function.UnaryOperator;

/**
 * How a {@link POP3Server} behaves: its name, who may log in, TLS, and its limits.
 *
 * <pre>{@code
 * POP3ServerOptions o = POP3ServerOptions.builder("mail.example.com", portal).tls(tls).build();
 * }</pre>
 */
public final class POP3ServerOptions {
  final String hostname;
  final Portal portal;
  final TLSOptions tls;
  final UnaryOperator<String> loginName;
  final boolean plaintextEverywhere;
  final double timeout;
  final int maxErrors;

  private POP3ServerOptions(Builder b) {
    hostname = b.hostname;
    portal = b.portal;
    tls = b.tls;
    loginName = b.loginName;
    plaintextEverywhere = b.plaintextEverywhere;
    timeout = b.timeout;
    maxErrors = b.maxErrors;
  }

  /** Options for a server named {@code hostname} whose users log in through {@code portal}. */
  public static Builder builder(String hostname, Portal portal) {
    return new Builder(hostname, portal);
  }

  /** Builds {@link POP3ServerOptions}. */
  public static final class Builder {
    private final String hostname;
    private final Portal portal;
    private TLSOptions tls;
    private UnaryOperator<String> loginName = n -> n;
    private boolean plaintextEverywhere;
    private double timeout = 600;
    private int maxErrors = 10;

    private Builder(String hostname, Portal portal) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
      this.portal = Objects.requireNonNull(portal, "portal");
    }

    /** Offers STLS (RFC 2595) with these options. */
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
     * Accepts USER/PASS before TLS from any address; by default only from loopback (RFC 2595
     * 2.1 advises refusing plaintext passwords on unprotected connections).
     */
    public Builder plaintextEverywhere(boolean on) {
      plaintextEverywhere = on;
      return this;
    }

    /** RFC 1939 3: the idle timeout, at least 10 minutes (the default). */
    public Builder timeout(double seconds) {
      timeout = seconds;
      return this;
    }

    public Builder maxErrors(int n) {
      maxErrors = n;
      return this;
    }

    public POP3ServerOptions build() {
      return new POP3ServerOptions(this);
    }
  }
}
