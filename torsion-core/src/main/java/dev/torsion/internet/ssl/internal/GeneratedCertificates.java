package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.ssl.KeyMaterial;
import dev.torsion.internet.ssl.Pem;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.AtomicMoveNotSupportedException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.cert.X509Certificate;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * The {@code generate=NAMES} option of {@code ssl:} server descriptions: a self-signed
 * certificate for development, kept in {@code ~/.torsion/certs} so that it (and its fingerprint,
 * which clients may pin) survives restarts.
 *
 * <pre>
 *   ssl:8443:generate=localhost,127.0.0.1
 *   -> ~/.torsion/certs/localhost_127.0.0.1.pem   key and certificate (mode 600), for the server
 *      ~/.torsion/certs/localhost_127.0.0.1.crt   the certificate alone, for curl --cacert
 * </pre>
 *
 * <p>An existing pair is reused while it names every requested name and has more than a day of
 * validity left; otherwise a new one replaces it. The path and SHA-256 fingerprint are logged.
 */
public final class GeneratedCertificates {
  private static final Logger LOG = LoggerFactory.getLogger("dev.torsion.internet.ssl");
  private static final Duration MIN_VALIDITY_LEFT = Duration.ofDays(1);

  private GeneratedCertificates() {}

  /** The key and certificate for {@code names} (comma-separated), made or reused. */
  public static KeyMaterial load(String namesArgument) {
    List<String> names = new ArrayList<>();
    for (String n : namesArgument.split(",", -1)) {
      String name = n.trim();
      if (name.isEmpty() || !name.matches("[A-Za-z0-9.:*_-]+")) {
        throw new IllegalArgumentException(
            "bad generate '" + namesArgument + "': give host names or IP addresses, comma-separated");
      }
      names.add(name);
    }
    Path dir = directory();
    String base = String.join("_", names).replace(':', '-').replace('*', '_');
    Path pem = dir.resolve(base + ".pem");
    Path crt = dir.resolve(base + ".crt");
    KeyMaterial identity = reusable(pem, crt, names);
    boolean made = identity == null;
    if (made) {
      SelfSignedCertificate cert = SelfSignedCertificate.generate(names.toArray(new String[0]));
      writeAtomically(pem, cert, true);
      writeAtomically(crt, cert, false);
      identity = cert.keyMaterial();
    }
    LOG.info("ssl: {} self-signed certificate for {}: {} (clients may trust {}), SHA-256 fingerprint {}",
        made ? "generated a" : "reusing the", String.join(", ", names), pem, crt,
        fingerprint(identity.chain().get(0)));
    return identity;
  }

  /** {@code ~/.torsion/certs}, made if missing. */
  private static Path directory() {
    Path dir = Path.of(System.getProperty("user.home"), ".torsion", "certs");
    try {
      Files.createDirectories(dir);
      return dir;
    } catch (IOException e) {
      throw new UncheckedIOException("generate: cannot create " + dir + ": " + reason(e), e);
    }
  }

  private static KeyMaterial reusable(Path pem, Path crt, List<String> names) {
    if (!Files.isRegularFile(pem) || !Files.isRegularFile(crt)) {
      return null;
    }
    try {
      KeyMaterial identity = KeyMaterial.fromPem(pem);
      X509Certificate cert = identity.chain().get(0);
      boolean fresh = cert.getNotAfter().toInstant().isAfter(Instant.now().plus(MIN_VALIDITY_LEFT));
      if (fresh && altNames(cert).containsAll(lower(names))) {
        return identity;
      }
    } catch (RuntimeException | GeneralSecurityException e) {
      LOG.warn("ssl: replacing unreadable generated certificate {}: {}", pem, e.getMessage());
    }
    return null;
  }

  private static List<String> altNames(X509Certificate cert) throws GeneralSecurityException {
    List<String> out = new ArrayList<>();
    Collection<List<?>> sans = cert.getSubjectAlternativeNames();
    if (sans != null) {
      for (List<?> entry : sans) {
        out.add(String.valueOf(entry.get(1)).toLowerCase(Locale.ROOT));
      }
    }
    return out;
  }

  private static List<String> lower(List<String> names) {
    List<String> out = new ArrayList<>();
    for (String n : names) {
      out.add(n.toLowerCase(Locale.ROOT));
    }
    return out;
  }

  /** Writes through a temporary file and a rename, so a concurrent start never reads half a file. */
  private static void writeAtomically(Path target, SelfSignedCertificate cert, boolean withKey) {
    try {
      Path tmp = Files.createTempFile(target.getParent(), target.getFileName().toString(), ".tmp");
      try {
        if (withKey) {
          cert.writePem(tmp);
        } else {
          Files.writeString(tmp, cert.certificatePem());
          try {
            // A temporary file starts private; the certificate alone is public, for clients.
            Files.setPosixFilePermissions(tmp, java.nio.file.attribute.PosixFilePermissions.fromString("rw-r--r--"));
          } catch (UnsupportedOperationException ignored) {
            // not a POSIX file system
          }
        }
        try {
          Files.move(tmp, target, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
        } catch (AtomicMoveNotSupportedException e) {
          Files.move(tmp, target, StandardCopyOption.REPLACE_EXISTING);
        }
      } finally {
        Files.deleteIfExists(tmp);
      }
    } catch (IOException e) {
      throw new UncheckedIOException("generate: cannot write " + target + ": " + reason(e), e);
    }
  }

  private static String reason(IOException e) {
    if (e instanceof java.nio.file.NoSuchFileException) {
      return "no such file or directory";
    }
    if (e instanceof java.nio.file.AccessDeniedException) {
      return "permission denied";
    }
    if (e instanceof java.nio.file.FileSystemException && ((java.nio.file.FileSystemException) e).getReason() != null) {
      return ((java.nio.file.FileSystemException) e).getReason();
    }
    return String.valueOf(e.getMessage());
  }

  /** As {@code openssl x509 -fingerprint -sha256}: upper-case hex pairs joined by colons. */
  public static String fingerprint(X509Certificate cert) {
    try {
      byte[] digest = MessageDigest.getInstance("SHA-256").digest(cert.getEncoded());
      return HexFormat.ofDelimiter(":").withUpperCase().formatHex(digest);
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException("SHA-256 is missing from the JDK", e);
    }
  }
}
