package dev.torsion.mail.smtp;

import dev.torsion.cred.Portal;
import dev.torsion.internet.ssl.TLSOptions;
import java.util.Objects;

/**
 * How an {@link ESMTPServer} behaves: its name, where mail goes, who may AUTH, TLS, and the
 * limits every session runs under (with safe defaults). Immutable; made by {@link #builder}.
 *
 * <pre>{@code
 * SMTPServerOptions o = SMTPServerOptions.builder("mail.example.com")
 *     .delivery(delivery).portal(portal).tls(tlsOptions)
 *     .maxMessageSize(25 << 20).build();
 * }</pre>
 */
public final class SMTPServerOptions {
  final String hostname;
  final MessageDelivery delivery;
  final Portal portal;
  final TLSOptions tls;
  final boolean implicitTls;
  final boolean plaintextAuth;
  final long maxMessageSize;
  final int maxRecipients;
  final int maxErrors;
  final double timeout;
  final String postmasterDomain;
  final java.util.function.UnaryOperator<String> loginName;

  private SMTPServerOptions(Builder b) {
    hostname = b.hostname;
    delivery = Objects.requireNonNull(b.delivery, "delivery");
    portal = b.portal;
    tls = b.tls;
    implicitTls = b.implicitTls;
    plaintextAuth = b.plaintextAuth;
    maxMessageSize = b.maxMessageSize;
    maxRecipients = b.maxRecipients;
    maxErrors = b.maxErrors;
    timeout = b.timeout;
    postmasterDomain = b.postmasterDomain == null ? b.hostname : b.postmasterDomain;
    loginName = b.loginName;
  }

  public static Builder builder(String hostname) {
    return new Builder(hostname);
  }

  public String hostname() {
    return hostname;
  }

  public long maxMessageSize() {
    return maxMessageSize;
  }

  /** Builds {@link SMTPServerOptions}. */
  public static final class Builder {
    private final String hostname;
    private MessageDelivery delivery;
    private Portal portal;
    private TLSOptions tls;
    private boolean implicitTls;
    private boolean plaintextAuth;
    private long maxMessageSize = 10L << 20;
    private int maxRecipients = 100;
    private int maxErrors = 10;
    private double timeout = 300;
    private String postmasterDomain;
    private java.util.function.UnaryOperator<String> loginName = name -> name;

    private Builder(String hostname) {
      this.hostname = Objects.requireNonNull(hostname, "hostname");
    }

    public Builder delivery(MessageDelivery d) {
      delivery = d;
      return this;
    }

    /** Who may AUTH (PLAIN, LOGIN, and CRAM-MD5 where the checker holds passwords); null: none. */
    public Builder portal(Portal p) {
      portal = p;
      return this;
    }

    /** Offers STARTTLS with these options; null: no TLS. */
    public Builder tls(TLSOptions t) {
      tls = t;
      return this;
    }

    /** The connection is TLS from the start (SMTPS): AUTH is offered, STARTTLS is not. */
    public Builder implicitTls(boolean on) {
      implicitTls = on;
      return this;
    }

    /** Offers AUTH before TLS too (RFC 4954 4 advises against it); off by default. */
    public Builder plaintextAuth(boolean on) {
      plaintextAuth = on;
      return this;
    }

    /** RFC 1870 SIZE: the largest message accepted, in bytes (10 MiB by default). */
    public Builder maxMessageSize(long bytes) {
      maxMessageSize = bytes;
      return this;
    }

    /** Recipients per message (RFC 5321 4.5.3.1.8 asks for at least 100, the default). */
    public Builder maxRecipients(int n) {
      maxRecipients = n;
      return this;
    }

    /** Bad commands before the server says 421 and closes (10 by default). */
    public Builder maxErrors(int n) {
      maxErrors = n;
      return this;
    }

    /** RFC 5321 4.5.3.2.7: seconds the server waits for the client (5 minutes by default). */
    public Builder timeout(double seconds) {
      timeout = seconds;
      return this;
    }

    /** The domain a bare {@code RCPT TO:<Postmaster>} means (RFC 5321 4.5.1); the hostname by default. */
    public Builder postmasterDomain(String domain) {
      postmasterDomain = domain;
      return this;
    }

    /** Maps the name a client gives AUTH (NAME@DOMAIN, say) to the name the portal knows. */
    public Builder loginName(java.util.function.UnaryOperator<String> map) {
      loginName = map;
      return this;
    }

    public SMTPServerOptions build() {
      return new SMTPServerOptions(this);
    }
  }
}
