package dev.torsion.internet.ssl;

import dev.torsion.internet.ssl.internal.PrivateKeys;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.PrivateKey;
import java.security.cert.CertificateEncodingException;
import java.security.cert.CertificateException;
import java.security.cert.CertificateFactory;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.stream.Stream;

/**
 * Reads and writes PEM files (keys and certificates) with the JDK alone: the job of Twisted's
 * {@code PrivateCertificate.loadPEM} or {@code openssl x509}/{@code openssl pkey}.
 *
 * <p>Private keys may be PKCS#8 ({@code BEGIN PRIVATE KEY}), PKCS#1 RSA ({@code BEGIN RSA PRIVATE
 * KEY}) or SEC1 EC ({@code BEGIN EC PRIVATE KEY}); one file may hold a key and its certificate
 * chain, as many servers expect. Encrypted keys are refused with a clear error.
 *
 * <pre>{@code
 * PrivateKey key = Pem.readPrivateKey(Path.of("server.pem"));
 * List<X509Certificate> chain = Pem.readCertificates(Path.of("server.pem"));
 * }</pre>
 */
public final class Pem {
  /** One block of a PEM file: its label ("CERTIFICATE", "PRIVATE KEY"...) and decoded bytes. */
  public record Block(String label, byte[] der) {}

  private Pem() {}

  /** Every block in {@code text}, in order; text outside blocks is ignored, as OpenSSL does. */
  public static List<Block> parse(String text) {
    List<Block> blocks = new ArrayList<>();
    String label = null;
    StringBuilder body = new StringBuilder();
    for (String raw : text.split("\r?\n")) {
      String line = raw.strip();
      if (label == null) {
        if (line.startsWith("-----BEGIN ") && line.endsWith("-----")) {
          label = line.substring(11, line.length() - 5);
          body.setLength(0);
        }
      } else if (line.equals("-----END " + label + "-----")) {
        try {
          blocks.add(new Block(label, Base64.getMimeDecoder().decode(body.toString())));
        } catch (IllegalArgumentException e) {
          throw new IllegalArgumentException("PEM block " + label + ": bad base64", e);
        }
        label = null;
      } else if (line.startsWith("Proc-Type:") && line.contains("ENCRYPTED")) {
        throw new IllegalArgumentException(
            "encrypted PEM key (" + label + ") is not supported: decrypt it first");
      } else if (!line.contains(":")) {
        body.append(line);
      }
    }
    if (label != null) {
      throw new IllegalArgumentException("PEM block " + label + " has no END line");
    }
    return blocks;
  }

  /** The certificates in {@code text}, in file order (leaf first, by convention). */
  public static List<X509Certificate> parseCertificates(String text) {
    List<X509Certificate> out = new ArrayList<>();
    try {
      CertificateFactory factory = CertificateFactory.getInstance("X.509");
      for (Block block : parse(text)) {
        if (block.label().equals("CERTIFICATE") || block.label().equals("TRUSTED CERTIFICATE")) {
          out.add(
              (X509Certificate)
                  factory.generateCertificate(new ByteArrayInputStream(block.der())));
        }
      }
    } catch (CertificateException e) {
      throw new IllegalArgumentException("bad certificate in PEM: " + e.getMessage(), e);
    }
    return out;
  }

  /** The one private key in {@code text}; fails if there is none or more than one. */
  public static PrivateKey parsePrivateKey(String text) {
    PrivateKey key = null;
    for (Block block : parse(text)) {
      PrivateKey found;
      try {
        switch (block.label()) {
          case "PRIVATE KEY":
            found = PrivateKeys.fromPkcs8(block.der());
            break;
          case "RSA PRIVATE KEY":
            found = PrivateKeys.fromPkcs1(block.der());
            break;
          case "EC PRIVATE KEY":
            found = PrivateKeys.fromSec1(block.der());
            break;
          case "ENCRYPTED PRIVATE KEY":
            throw new IllegalArgumentException(
                "encrypted PEM key is not supported: decrypt it first (openssl pkey -in ...)");
          default:
            continue;
        }
      } catch (GeneralSecurityException e) {
        throw new IllegalArgumentException(
            "bad " + block.label() + " in PEM: " + e.getMessage(), e);
      }
      if (key != null) {
        throw new IllegalArgumentException("PEM holds more than one private key");
      }
      key = found;
    }
    if (key == null) {
      throw new IllegalArgumentException("PEM holds no private key");
    }
    return key;
  }

  /** Reads {@code file} and returns its certificates; see {@link #parseCertificates}. */
  public static List<X509Certificate> readCertificates(Path file) {
    List<X509Certificate> certs = parseCertificates(readText(file));
    if (certs.isEmpty()) {
      throw new IllegalArgumentException(file + ": no certificate found");
    }
    return certs;
  }

  /** Reads {@code file} and returns its private key; see {@link #parsePrivateKey}. */
  public static PrivateKey readPrivateKey(Path file) {
    try {
      return parsePrivateKey(readText(file));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(file + ": " + e.getMessage(), e);
    }
  }

  /**
   * Certificates to trust, from one PEM file or from every {@code .pem}/{@code .crt} file in a
   * directory (like OpenSSL's CAfile and CApath).
   */
  public static List<X509Certificate> readTrustRoots(Path fileOrDirectory) {
    if (!Files.isDirectory(fileOrDirectory)) {
      return readCertificates(fileOrDirectory);
    }
    List<X509Certificate> roots = new ArrayList<>();
    try (Stream<Path> files = Files.list(fileOrDirectory)) {
      for (Path file : files.sorted().toList()) {
        String name = file.getFileName().toString();
        if (Files.isRegularFile(file) && (name.endsWith(".pem") || name.endsWith(".crt"))) {
          roots.addAll(parseCertificates(readText(file)));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(fileOrDirectory + ": " + e.getMessage(), e);
    }
    if (roots.isEmpty()) {
      throw new IllegalArgumentException(fileOrDirectory + ": no certificates in directory");
    }
    return roots;
  }

  /** {@code cert} as a PEM CERTIFICATE block. */
  public static String encodeCertificate(X509Certificate cert) {
    try {
      return encode("CERTIFICATE", cert.getEncoded());
    } catch (CertificateEncodingException e) {
      throw new IllegalArgumentException("cannot encode certificate", e);
    }
  }

  /** {@code key} as a PKCS#8 PEM PRIVATE KEY block. */
  public static String encodePrivateKey(PrivateKey key) {
    if (!"PKCS#8".equals(key.getFormat())) {
      throw new IllegalArgumentException("key format " + key.getFormat() + " is not PKCS#8");
    }
    return encode("PRIVATE KEY", key.getEncoded());
  }

  /** {@code der} as a PEM block with {@code label}, base64 in 64-column lines. */
  public static String encode(String label, byte[] der) {
    String body = Base64.getMimeEncoder(64, "\n".getBytes(StandardCharsets.US_ASCII)).encodeToString(der);
    return "-----BEGIN " + label + "-----\n" + body + "\n-----END " + label + "-----\n";
  }

  private static String readText(Path file) {
    try {
      return Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new UncheckedIOException(file + ": " + e.getMessage(), e);
    }
  }
}
