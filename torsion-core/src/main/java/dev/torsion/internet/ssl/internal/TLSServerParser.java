package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.internal.Backlog;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.ServerEndpoint;
import dev.torsion.internet.endpoints.ServerEndpointParser;
import dev.torsion.internet.endpoints.TCP4ServerEndpoint;
import dev.torsion.internet.ssl.ClientAuth;
import dev.torsion.internet.ssl.KeyMaterial;
import dev.torsion.internet.ssl.Pem;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.ssl.TLSServerEndpoint;
import java.nio.file.Path;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * {@code ssl:PORT[:privateKey=key.pem][:certKey=cert.pem][:extraCertChain=chain.pem]
 * [:interface=ADDR][:backlog=N][:sniDir=DIR][:trustRoots=PEM-or-DIR][:clientAuth=optional|required]
 * [:alpn=h2,http/1.1][:handshakeTimeout=S]}, as Twisted's {@code _parseSSL}: the key file may
 * also hold the certificate (certKey defaults to privateKey). Instead of privateKey, {@code
 * generate=localhost[,127.0.0.1...]} makes (or reuses) a self-signed certificate for development
 * in ~/.torsion/certs: see {@link GeneratedCertificates}.
 */
public final class TLSServerParser implements ServerEndpointParser {
  @Override
  public String prefix() {
    return "ssl";
  }

  @Override
  public ServerEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    EndpointArguments a =
        EndpointArguments.bind(
            "ssl", args, kwargs, "port", "privateKey", "certKey", "extraCertChain", "interface",
            "backlog", "sniDir", "trustRoots", "clientAuth", "alpn", "handshakeTimeout", "generate");
    int port = a.port("port");
    TLSOptions.Builder options;
    if (a.has("generate") && a.has("privateKey")) {
      throw new IllegalArgumentException("give privateKey or generate for ssl, not both");
    }
    if (a.has("generate")) {
      options = TLSOptions.forServer(GeneratedCertificates.load(a.require("generate")));
    } else if (a.has("privateKey")) {
      Path key = Path.of(a.require("privateKey"));
      Path cert = Path.of(a.get("certKey", key.toString()));
      KeyMaterial identity = KeyMaterial.fromPem(key, cert);
      if (a.has("extraCertChain")) {
        identity = identity.withExtraChain(Pem.readCertificates(Path.of(a.require("extraCertChain"))));
      }
      options = TLSOptions.forServer(identity);
    } else if (a.has("sniDir")) {
      options = TLSOptions.forServer();
    } else {
      throw new IllegalArgumentException("missing privateKey (or generate, or sniDir) for ssl");
    }
    if (a.has("sniDir")) {
      options.sniDirectory(Path.of(a.require("sniDir")));
    }
    applyCommon(a, options);
    if (a.has("clientAuth")) {
      String mode = a.require("clientAuth").toUpperCase(Locale.ROOT);
      try {
        options.clientAuth(ClientAuth.valueOf(mode));
      } catch (IllegalArgumentException e) {
        throw new IllegalArgumentException(
            "bad clientAuth '" + a.require("clientAuth") + "': use none, optional or required");
      }
    }
    return new TLSServerEndpoint(
        new TCP4ServerEndpoint(reactor, port, a.integer("backlog", Backlog.DEFAULT), a.get("interface", "")),
        options.build(),
        reactor);
  }

  /** Options both ssl: and tls: share: trust roots, ALPN, handshake timeout. */
  static void applyCommon(EndpointArguments a, TLSOptions.Builder options) {
    if (a.has("trustRoots")) {
      options.trustRoots(Path.of(a.require("trustRoots")));
    }
    if (a.has("alpn")) {
      options.applicationProtocols(a.require("alpn").split(","));
    }
    options.handshakeTimeout(a.seconds("handshakeTimeout", TLSOptions.DEFAULT_HANDSHAKE_TIMEOUT));
  }
}
