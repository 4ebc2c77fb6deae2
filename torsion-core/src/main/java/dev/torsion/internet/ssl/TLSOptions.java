package dev.torsion.internet.ssl;

import dev.torsion.internet.ssl.internal.CertificateEncoder;
import dev.torsion.internet.ssl.internal.IdentityKeyManager;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.KeyStore;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Objects;
import java.util.stream.Stream;
import javax.net.ssl.KeyManager;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SSLContext;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLParameters;
import javax.net.ssl.TrustManager;
import javax.net.ssl.TrustManagerFactory;

/**
 * How one side of a TLS connection behaves: identity, trust, protocols, ALPN, client
 * certificates and the handshake timeout. Twisted's {@code CertificateOptions} and {@code
 * optionsForClientTLS} in one immutable value; build it once and share it across connections.
 *
 * <p>The defaults are the safe ones: TLS 1.3 and 1.2 only; a client checks the server's chain
 * against the platform's trust store (or the given roots) and its name against the host name,
 * and sends that name by SNI.
 *
 * <pre>{@code
 * TLSOptions server = TLSOptions.forServer(KeyMaterial.fromPem(Path.of("server.pem")))
 *     .applicationProtocols("h2", "http/1.1")
 *     .build();
 * TLSOptions client = TLSOptions.forClient("example.com").build();
 * }</pre>
 */
public final class TLSOptions {
  /** The default time allowed for a handshake, in seconds. */
  public static final double DEFAULT_HANDSHAKE_TIMEOUT = 30;

  private final boolean client;
  private final String hostname;
  private final SSLContext context;
  private final List<String> protocols;
  private final List<String> applicationProtocols;
  private final ClientAuth clientAuth;
  private final double handshakeTimeout;
  // ALPN from a ProtocolNegotiationFactory: offered, but a client with no overlap still connects.
  private final boolean lenientAlpn;

  private TLSOptions(TLSOptions o, List<String> applicationProtocols) {
    this.client = o.client;
    this.hostname = o.hostname;
    this.context = o.context;
    this.protocols = o.protocols;
    this.applicationProtocols = List.copyOf(applicationProtocols);
    this.clientAuth = o.clientAuth;
    this.handshakeTimeout = o.handshakeTimeout;
    this.lenientAlpn = true;
  }

  private TLSOptions(Builder b, SSLContext context) {
    this.lenientAlpn = false;
    this.client = b.client;
    this.hostname = b.hostname;
    this.context = context;
    this.protocols = List.copyOf(b.protocols);
    this.applicationProtocols = List.copyOf(b.applicationProtocols);
    this.clientAuth = b.clientAuth;
    this.handshakeTimeout = b.handshakeTimeout;
  }

  /**
   * Options for a client connecting to {@code hostname}: the name checked against the server's
   * certificate and sent by SNI. An IP literal is checked against the certificate's IP entries
   * and not sent by SNI (RFC 6066 3).
   */
  public static Builder forClient(String hostname) {
    Builder b = new Builder(true);
    b.hostname = Objects.requireNonNull(hostname, "hostname");
    return b;
  }

  /** Options for a server presenting {@code identity} to every client. */
  public static Builder forServer(KeyMaterial identity) {
    Builder b = new Builder(false);
    b.identities.add(Objects.requireNonNull(identity, "identity"));
    return b;
  }

  /** Options for a server whose only identities come from SNI (see {@link Builder#sniDirectory}). */
  public static Builder forServer() {
    return new Builder(false);
  }

  public boolean isClient() {
    return client;
  }

  /** The server name a client verifies and sends by SNI; null for a server. */
  public String hostname() {
    return hostname;
  }

  public List<String> applicationProtocols() {
    return applicationProtocols;
  }

  /**
   * These options offering {@code protocols} by ALPN, where no overlap still connects with no
   * protocol negotiated: for a server, a client that offers none of them (what {@link
   * ProtocolNegotiationFactory} asks for; {@link Builder#applicationProtocols} instead refuses
   * such a client); for a client, a server that picks none (RFC 7301 3.2), as an HTTP client
   * offering {@code h2, http/1.1} wants.
   */
  public TLSOptions withNegotiatedProtocols(List<String> protocols) {
    return new TLSOptions(this, protocols);
  }

  public ClientAuth clientAuth() {
    return clientAuth;
  }

  /** Seconds a handshake may take before the connection is dropped; 0 means no limit. */
  public double handshakeTimeout() {
    return handshakeTimeout;
  }

  /** The context engines are made from. */
  public SSLContext sslContext() {
    return context;
  }

  /**
   * A new engine set up with these options, for a connection to or from {@code peerHost}:{@code
   * peerPort} (used as the session-cache key; either may be null/-1 when unknown).
   */
  public SSLEngine newEngine(String peerHost, int peerPort) {
    SSLEngine engine =
        client
            ? context.createSSLEngine(hostname, peerPort)
            : peerHost == null ? context.createSSLEngine() : context.createSSLEngine(peerHost, peerPort);
    engine.setUseClientMode(client);
    SSLParameters params = engine.getSSLParameters();
    params.setProtocols(protocols.toArray(new String[0]));
    if (!applicationProtocols.isEmpty()) {
      // the server picks by its own order and fails with no_application_protocol on no overlap
      params.setApplicationProtocols(applicationProtocols.toArray(new String[0]));
    }
    if (lenientAlpn) {
      // RFC 7301 3.2 allows a server to go on without ALPN; "" tells the JDK to do that.
      engine.setHandshakeApplicationProtocolSelector((e, offered) -> {
        for (String mine : applicationProtocols) {
          if (offered.contains(mine)) {
            return mine;
          }
        }
        return "";
      });
    }
    if (client) {
      params.setEndpointIdentificationAlgorithm("HTTPS");
      if (!CertificateEncoder.isIpLiteral(hostname)) {
        params.setServerNames(List.of(new SNIHostName(hostname)));
      }
    } else {
      params.setNeedClientAuth(clientAuth == ClientAuth.REQUIRED);
      if (clientAuth == ClientAuth.OPTIONAL) {
        params.setWantClientAuth(true);
      }
    }
    engine.setSSLParameters(params);
    return engine;
  }

  /** Collects options for {@link TLSOptions}; start from {@code forClient} or {@code forServer}. */
  public static final class Builder {
    private final boolean client;
    private String hostname;
    private final List<KeyMaterial> identities = new ArrayList<>();
    private List<X509Certificate> trustRoots;
    private List<String> protocols = List.of("TLSv1.3", "TLSv1.2");
    private List<String> applicationProtocols = List.of();
    private ClientAuth clientAuth = ClientAuth.NONE;
    private double handshakeTimeout = DEFAULT_HANDSHAKE_TIMEOUT;
    private SSLContext context;

    private Builder(boolean client) {
      this.client = client;
    }

    /**
     * Trusts only {@code roots} instead of the platform's store: for a client, to check servers;
     * for a server, to check client certificates.
     */
    public Builder trustRoots(List<X509Certificate> roots) {
      if (roots.isEmpty()) {
        throw new IllegalArgumentException("trustRoots: no certificates given");
      }
      this.trustRoots = List.copyOf(roots);
      return this;
    }

    public Builder trustRoots(X509Certificate... roots) {
      return trustRoots(Arrays.asList(roots));
    }

    /** Trusts the certificates in a PEM file, or in every PEM file of a directory. */
    public Builder trustRoots(Path fileOrDirectory) {
      return trustRoots(Pem.readTrustRoots(fileOrDirectory));
    }

    /** A client's certificate, sent when the server asks for one. */
    public Builder clientCertificate(KeyMaterial identity) {
      requireClient("clientCertificate");
      identities.clear();
      identities.add(Objects.requireNonNull(identity));
      return this;
    }

    /**
     * Adds a server identity chosen for clients whose SNI name it matches; the first identity
     * stays the default for clients that send no name or an unknown one.
     */
    public Builder sniIdentity(KeyMaterial identity) {
      requireServer("sniIdentity");
      identities.add(Objects.requireNonNull(identity));
      return this;
    }

    /**
     * Adds an SNI identity for each {@code .pem} file in {@code directory}, each holding a key
     * and its chain; names come from each certificate's subjectAltNames (or CN).
     */
    public Builder sniDirectory(Path directory) {
      requireServer("sniDirectory");
      if (!Files.isDirectory(directory)) {
        throw new IllegalArgumentException("sniDirectory: " + directory + " is not a directory");
      }
      try (Stream<Path> files = Files.list(directory)) {
        for (Path file : files.sorted().toList()) {
          if (file.getFileName().toString().endsWith(".pem") && Files.isRegularFile(file)) {
            identities.add(KeyMaterial.fromPem(file));
          }
        }
      } catch (IOException e) {
        throw new UncheckedIOException(directory + ": " + e.getMessage(), e);
      }
      return this;
    }

    /** Offers (client) or accepts (server) these ALPN protocols, most preferred first. */
    public Builder applicationProtocols(String... protocols) {
      this.applicationProtocols = List.of(protocols);
      return this;
    }

    /** Whether a server asks for client certificates. */
    public Builder clientAuth(ClientAuth clientAuth) {
      requireServer("clientAuth");
      this.clientAuth = Objects.requireNonNull(clientAuth);
      return this;
    }

    /** Restricts the TLS versions, e.g. "TLSv1.3"; only 1.2 and 1.3 are accepted. */
    public Builder protocols(String... protocols) {
      for (String p : protocols) {
        if (!p.equals("TLSv1.3") && !p.equals("TLSv1.2")) {
          throw new IllegalArgumentException("protocol " + p + " is not allowed: use TLSv1.2 or TLSv1.3");
        }
      }
      this.protocols = List.of(protocols);
      return this;
    }

    /** Seconds a handshake may take (default 30); 0 disables the limit. */
    public Builder handshakeTimeout(double seconds) {
      if (seconds < 0) {
        throw new IllegalArgumentException("handshakeTimeout must not be negative");
      }
      this.handshakeTimeout = seconds;
      return this;
    }

    /** Uses a ready-made context instead of building one from identities and trust roots. */
    public Builder sslContext(SSLContext context) {
      this.context = Objects.requireNonNull(context);
      return this;
    }

    public TLSOptions build() {
      if (context != null) {
        return new TLSOptions(this, context);
      }
      if (!client && identities.isEmpty()) {
        throw new IllegalArgumentException("a TLS server needs a certificate and private key");
      }
      try {
        KeyManager[] keyManagers =
            identities.isEmpty() ? null : new KeyManager[] {new IdentityKeyManager(identities)};
        TrustManagerFactory tmf =
            TrustManagerFactory.getInstance(TrustManagerFactory.getDefaultAlgorithm());
        if (trustRoots == null) {
          tmf.init((KeyStore) null);
        } else {
          KeyStore store = KeyStore.getInstance(KeyStore.getDefaultType());
          store.load(null, null);
          for (int i = 0; i < trustRoots.size(); i++) {
            store.setCertificateEntry("root-" + i, trustRoots.get(i));
          }
          tmf.init(store);
        }
        TrustManager[] trustManagers = tmf.getTrustManagers();
        SSLContext built = SSLContext.getInstance("TLS");
        built.init(keyManagers, trustManagers, null);
        return new TLSOptions(this, built);
      } catch (GeneralSecurityException | IOException e) {
        throw new IllegalStateException("cannot set up TLS: " + e.getMessage(), e);
      }
    }

    private void requireClient(String what) {
      if (!client) {
        throw new IllegalStateException(what + " is a client option");
      }
    }

    private void requireServer(String what) {
      if (client) {
        throw new IllegalStateException(what + " is a server option");
      }
    }
  }
}
