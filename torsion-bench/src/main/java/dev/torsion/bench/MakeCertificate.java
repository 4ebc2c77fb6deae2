package dev.torsion.bench;

import dev.torsion.internet.ssl.SelfSignedCertificate;
import java.nio.file.Path;

/**
 * Writes the TLS rows' key and certificate for localhost and 127.0.0.1 (one PEM file with both),
 * which every TLS server loads and the TLS load client trusts: no verification is switched off.
 *
 * <pre>{@code
 * java -cp ... dev.torsion.bench.MakeCertificate bench/results/tmp/server.pem
 * }</pre>
 */
public final class MakeCertificate {
  private MakeCertificate() {}

  public static void main(String[] args) {
    SelfSignedCertificate.generate("localhost", "127.0.0.1").writePem(Path.of(args[0]));
  }
}
