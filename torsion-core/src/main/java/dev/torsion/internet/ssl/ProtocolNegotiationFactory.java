package dev.torsion.internet.ssl;

import java.util.List;

/**
 * A factory that says which ALPN protocols (RFC 7301) its connections speak: Twisted's {@code
 * IProtocolNegotiationFactory}. When a factory implementing it is put under TLS by {@link
 * TLS#wrapFactory} (so by every {@code ssl:} and {@code tls:} listener) with options that name
 * no application protocols of their own, the server offers these, so a web site gets {@code h2}
 * and {@code http/1.1} on every TLS port without each listener being configured for it.
 *
 * <pre>{@code
 * final class MySite extends Factory implements ProtocolNegotiationFactory {
 *   public List<String> acceptableProtocols() {
 *     return List.of("h2", "http/1.1");  // most preferred first
 *   }
 * }
 * }</pre>
 *
 * <p>A client that offers none of them still connects, with no protocol negotiated (the
 * protocol then reads {@code null} from {@link TLSTransport#getApplicationProtocol()}).
 */
public interface ProtocolNegotiationFactory {
  /** The ALPN names this factory's protocols speak, most preferred first. */
  List<String> acceptableProtocols();
}
