package dev.torsion.internet.ssl;

import dev.torsion.internet.ssl.internal.CertificateEncoder;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.security.GeneralSecurityException;
import java.security.KeyPair;
import java.security.KeyPairGenerator;
import java.security.PrivateKey;
import java.security.cert.X509Certificate;
import java.security.spec.ECGenParameterSpec;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;

/**
 * A freshly made key and certificate for development and tests, made with the JDK alone: what
 * {@code openssl req -x509 -newkey ...} or OkHttp's {@code HeldCertificate} give you.
 *
 * <p>By default the certificate is self-signed, valid from a day ago for a year, with an EC
 * P-256 key, marked as a CA (so it can be its own trust root) and naming every given name as a
 * subjectAltName (IP literals become IP entries). A builder makes chains: a CA, then leaves
 * {@link Builder#signedBy signed by} it.
 *
 * <pre>{@code
 * SelfSignedCertificate cert = SelfSignedCertificate.generate("localhost", "127.0.0.1");
 * TLSOptions server = TLSOptions.forServer(cert.keyMaterial()).build();
 * TLSOptions client = TLSOptions.forClient("localhost").trustRoots(cert.certificate()).build();
 * cert.writePem(Path.of("server.pem"));   // key and certificate, for ssl:8443:privateKey=server.pem
 * }</pre>
 */
public final class SelfSignedCertificate {
  private final PrivateKey privateKey;
  private final List<X509Certificate> chain;
  private final String commonName;

  private SelfSignedCertificate(
      PrivateKey privateKey, List<X509Certificate> chain, String commonName) {
    this.privateKey = privateKey;
    this.commonName = commonName;
    this.chain = List.copyOf(chain);
  }

  /** A self-signed CA certificate for {@code names} (the first is also its common name). */
  public static SelfSignedCertificate generate(String... names) {
    return builder().names(names).build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public PrivateKey privateKey() {
    return privateKey;
  }

  /** This certificate (the leaf). */
  public X509Certificate certificate() {
    return chain.get(0);
  }

  /** This certificate followed by its issuers' certificates, excluding a self-signed root. */
  public List<X509Certificate> chain() {
    return chain;
  }

  /** The key and chain, ready for {@link TLSOptions#forServer} or a client certificate. */
  public KeyMaterial keyMaterial() {
    return new KeyMaterial(privateKey, chain);
  }

  /** The private key as a PKCS#8 PEM block. */
  public String privateKeyPem() {
    return Pem.encodePrivateKey(privateKey);
  }

  /** The chain as PEM CERTIFICATE blocks, leaf first. */
  public String certificatePem() {
    StringBuilder sb = new StringBuilder();
    for (X509Certificate cert : chain) {
      sb.append(Pem.encodeCertificate(cert));
    }
    return sb.toString();
  }

  /** Writes the key then the chain to one PEM file, readable only by its owner where possible. */
  public void writePem(Path file) {
    try {
      Files.writeString(file, privateKeyPem() + certificatePem());
      try {
        Files.setPosixFilePermissions(file, PosixFilePermissions.fromString("rw-------"));
      } catch (UnsupportedOperationException ignored) {
        // not a POSIX file system: the default permissions stand
      }
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }

  /** Options for {@link SelfSignedCertificate}: names, key type, validity and issuer. */
  public static final class Builder {
    private final List<String> names = new ArrayList<>();
    private String commonName;
    private boolean rsa;
    private Boolean ca;
    private Instant notBefore = Instant.now().minus(Duration.ofDays(1));
    private Duration validity = Duration.ofDays(366);
    private SelfSignedCertificate issuer;

    private Builder() {}

    /** Adds subjectAltNames: host names or IP literals. */
    public Builder names(String... names) {
      this.names.addAll(List.of(names));
      return this;
    }

    /** The subject's common name; defaults to the first name, or "Torsion self-signed". */
    public Builder commonName(String cn) {
      this.commonName = Objects.requireNonNull(cn);
      return this;
    }

    /** Uses a 2048-bit RSA key instead of EC P-256. */
    public Builder rsa() {
      this.rsa = true;
      return this;
    }

    /** Whether the certificate may sign others; defaults to true when self-signed. */
    public Builder certificateAuthority(boolean ca) {
      this.ca = ca;
      return this;
    }

    public Builder validFrom(Instant notBefore) {
      this.notBefore = notBefore;
      return this;
    }

    public Builder validFor(Duration validity) {
      this.validity = validity;
      return this;
    }

    /** Has {@code issuer} sign the certificate instead of its own key. */
    public Builder signedBy(SelfSignedCertificate issuer) {
      this.issuer = issuer;
      return this;
    }

    public SelfSignedCertificate build() {
      String cn =
          commonName != null ? commonName : names.isEmpty() ? "Torsion self-signed" : names.get(0);
      try {
        KeyPairGenerator generator;
        if (rsa) {
          generator = KeyPairGenerator.getInstance("RSA");
          generator.initialize(2048);
        } else {
          generator = KeyPairGenerator.getInstance("EC");
          generator.initialize(new ECGenParameterSpec("secp256r1"));
        }
        KeyPair pair = generator.generateKeyPair();
        boolean isCa = ca != null ? ca : issuer == null;
        String issuerCn = issuer == null ? cn : issuer.commonName;
        PrivateKey signingKey = issuer == null ? pair.getPrivate() : issuer.privateKey();
        X509Certificate cert =
            CertificateEncoder.encode(
                cn,
                names,
                pair.getPublic(),
                isCa,
                notBefore,
                notBefore.plus(validity),
                issuerCn,
                signingKey);
        List<X509Certificate> chain = new ArrayList<>();
        chain.add(cert);
        if (issuer != null) {
          for (X509Certificate c : issuer.chain()) {
            if (!c.getSubjectX500Principal().equals(c.getIssuerX500Principal())) {
              chain.add(c);
            }
          }
        }
        return new SelfSignedCertificate(pair.getPrivate(), chain, cn);
      } catch (GeneralSecurityException e) {
        throw new IllegalStateException("cannot generate certificate: " + e.getMessage(), e);
      }
    }
  }
}
