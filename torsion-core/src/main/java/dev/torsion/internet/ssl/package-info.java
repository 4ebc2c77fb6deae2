/**
 * TLS for any stream connection, on the JDK's SSLEngine: {@link dev.torsion.internet.ssl.TLSOptions}
 * (identity, trust, ALPN, client certificates), {@link dev.torsion.internet.ssl.TLS} to put TLS
 * under a factory or protocol, {@code Transport.startTLS} for STARTTLS, {@link
 * dev.torsion.internet.ssl.TLSTransport} for what the handshake decided, {@link
 * dev.torsion.internet.ssl.Pem} and {@link dev.torsion.internet.ssl.KeyMaterial} to load keys and
 * certificates without BouncyCastle, {@link dev.torsion.internet.ssl.SelfSignedCertificate} for
 * development certificates, and the {@code ssl:}/{@code tls:} endpoints. Twisted users will find
 * here what lives in {@code twisted.internet.ssl} and {@code twisted.protocols.tls}.
 */
package dev.torsion.internet.ssl;
