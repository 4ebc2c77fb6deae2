package dev.torsion.mail.smtp;

import dev.torsion.internet.ssl.TLSOptions;
import java.util.Objects;

/**
 * How {@link SMTPClient#sendmail} and {@link ESMTPSender} talk to a server: the name to greet
 * with, whether to use STARTTLS, credentials for AUTH, and the timeout. Twisted passes these as
 * {@code ESMTPSenderFactory}'s keyword arguments.
 *
 * <pre>{@code
 * SenderOptions o = SenderOptions.builder()
 *     .tls(SenderOptions.TLSMode.REQUIRED, TLSOptions.forClient("smtp.example.com").build())
 *     .auth("alice", "secret").build();
 * }</pre>
 */
public final class SenderOptions {
  /** Whether to start TLS (RFC 3207). */
  public enum TLSMode {
    /** Never: the message goes in plaintext. */
    NONE,
    /** When the server offers STARTTLS; in plaintext otherwise (the default). */
    OPPORTUNISTIC,
    /** Always: fail with {@link SMTPError} before MAIL if the server does not offer it. */
    REQUIRED
  }

  final String heloName;
  final TLSMode tlsMode;
  final TLSOptions tls;
  final String username;
  final String password;
  final boolean plaintextAuth;
  final double timeout;

  private SenderOptions(Builder b) {
    heloName = b.heloName;
    tlsMode = b.tlsMode;
    tls = b.tls;
    username = b.username;
    password = b.password;
    plaintextAuth = b.plaintextAuth;
    timeout = b.timeout;
  }

  public static Builder builder() {
    return new Builder();
  }

  /** The defaults: greet as "localhost", opportunistic TLS verified against the JDK's roots. */
  public static SenderOptions defaults() {
    return builder().build();
  }

  /** Builds {@link SenderOptions}. */
  public static final class Builder {
    private String heloName = "localhost";
    private TLSMode tlsMode = TLSMode.OPPORTUNISTIC;
    private TLSOptions tls;
    private String username;
    private String password;
    private boolean plaintextAuth;
    private double timeout = 300;

    private Builder() {}

    /** The name sent with EHLO/HELO; a bare word or domain, no spaces or line breaks. */
    public Builder heloName(String name) {
      if (!name.matches("[A-Za-z0-9.\\-\\[\\]:]{1,255}")) {
        throw new IllegalArgumentException("not a HELO name: " + MailAddress.printable(name));
      }
      heloName = name;
      return this;
    }

    /**
     * The STARTTLS policy and the options of the TLS client (trust roots, expected name); null
     * options verify the server's certificate against the JDK's roots for the host connected to.
     */
    public Builder tls(TLSMode mode, TLSOptions options) {
      tlsMode = Objects.requireNonNull(mode, "mode");
      if (options != null && !options.isClient()) {
        throw new IllegalArgumentException("TLS options for a server, not a client");
      }
      tls = options;
      return this;
    }

    /** Logs in with AUTH PLAIN (or LOGIN, if that is all the server offers) after EHLO. */
    public Builder auth(String user, String pass) {
      username = Objects.requireNonNull(user, "user");
      password = Objects.requireNonNull(pass, "pass");
      return this;
    }

    /** Sends the password even without TLS; by default the client refuses to. */
    public Builder plaintextAuth(boolean on) {
      plaintextAuth = on;
      return this;
    }

    /** Seconds to wait for each reply (RFC 5321 4.5.3.2 asks for minutes; 300 by default). */
    public Builder timeout(double seconds) {
      timeout = seconds;
      return this;
    }

    public SenderOptions build() {
      return new SenderOptions(this);
    }
  }
}
