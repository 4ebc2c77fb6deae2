package dev.torsion.internet.ssl;

import dev.torsion.internet.Transport;
import java.security.cert.X509Certificate;
import java.util.List;
import javax.net.ssl.SSLSession;

/**
 * A transport whose bytes travel over TLS, with what the handshake decided: Twisted's {@code
 * ISSLTransport}. The transport a protocol gets from a TLS port or endpoint, or after {@link
 * Transport#startTLS}, is one.
 *
 * <pre>{@code
 * if (transport instanceof TLSTransport tls) {
 *   String alpn = tls.getApplicationProtocol();           // e.g. "h2", or null
 *   List<X509Certificate> peer = tls.getPeerCertificates(); // the client's, if it sent one
 * }
 * }</pre>
 *
 * <p>Before the handshake has finished, these methods return null or an empty list.
 */
public interface TLSTransport extends Transport {
  /** The ALPN protocol both sides agreed on, or null if none was negotiated (yet). */
  String getApplicationProtocol();

  /** The peer's certificate chain, leaf first; empty if it sent none or the handshake is not done. */
  List<X509Certificate> getPeerCertificates();

  /** The JDK session: protocol version, cipher suite, SNI names; null before the handshake ends. */
  SSLSession getSession();

  /** True once the handshake has finished successfully. */
  boolean isHandshakeDone();
}
