package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.ClientEndpoint;
import dev.torsion.internet.endpoints.ClientEndpointParser;
import dev.torsion.internet.endpoints.EndpointArguments;
import dev.torsion.internet.endpoints.HostnameEndpoint;
import dev.torsion.internet.ssl.KeyMaterial;
import dev.torsion.internet.ssl.TLSClientEndpoint;
import dev.torsion.internet.ssl.TLSOptions;
import java.nio.file.Path;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Client TLS descriptions, always verifying the server's chain and name:
 *
 * <pre>
 * tls:HOST:PORT[:trustRoots=PEM-or-DIR][:clientCertificate=PEM][:certificate=PEM:privateKey=PEM]
 *     [:timeout=S][:bindAddress=ADDR][:alpn=h2,http/1.1][:handshakeTimeout=S]
 * ssl:host=HOST:port=PORT[:caCertsDir=DIR][:certKey=PEM:privateKey=PEM]   (Twisted's older form)
 * </pre>
 *
 * One class serves both prefixes; the service file lists a subclass per prefix.
 */
public class TLSClientParser implements ClientEndpointParser {
  private final String prefix;

  public TLSClientParser() {
    this("tls");
  }

  TLSClientParser(String prefix) {
    this.prefix = prefix;
  }

  /** The {@code ssl:} client prefix. */
  public static final class Ssl extends TLSClientParser {
    public Ssl() {
      super("ssl");
    }
  }

  @Override
  public String prefix() {
    return prefix;
  }

  @Override
  public ClientEndpoint parse(Reactor reactor, List<String> args, Map<String, String> kwargs) {
    String[] positional =
        args.size() == 1 && kwargs.containsKey("host") ? new String[] {"port"} : new String[] {"host", "port"};
    EndpointArguments p = EndpointArguments.bind(prefix, args, Map.of(), positional);
    Map<String, String> all = new LinkedHashMap<>(kwargs);
    for (String name : positional) {
      if (p.has(name)) {
        if (all.containsKey(name)) {
          throw new IllegalArgumentException("option '" + name + "' given twice for " + prefix);
        }
        all.put(name, p.get(name, null));
      }
    }
    EndpointArguments a =
        EndpointArguments.bind(
            prefix, List.of(), all, "host", "port", "timeout", "bindAddress", "trustRoots",
            "caCertsDir", "clientCertificate", "certificate", "certKey", "privateKey", "alpn",
            "handshakeTimeout");
    String host = a.require("host");
    int port = a.port("port");
    if (port == 0) {
      throw new IllegalArgumentException("bad port '0'");
    }
    TLSOptions.Builder options = TLSOptions.forClient(host);
    TLSServerParser.applyCommon(a, options);
    if (a.has("caCertsDir")) {
      options.trustRoots(Path.of(a.require("caCertsDir")));
    }
    KeyMaterial identity = clientIdentity(a);
    if (identity != null) {
      options.clientCertificate(identity);
    }
    HostnameEndpoint tcp =
        new HostnameEndpoint(
            reactor, host, port, a.seconds("timeout", 30), a.bindAddress("bindAddress"),
            HostnameEndpoint.DEFAULT_ATTEMPT_DELAY);
    return new TLSClientEndpoint(tcp, options.build(), reactor);
  }

  private KeyMaterial clientIdentity(EndpointArguments a) {
    if (a.has("clientCertificate")) {
      return KeyMaterial.fromPem(Path.of(a.require("clientCertificate")));
    }
    String cert = a.has("certificate") ? a.require("certificate") : a.get("certKey", null);
    if (cert == null) {
      if (a.has("privateKey")) {
        throw new IllegalArgumentException("privateKey without certificate for " + prefix);
      }
      return null;
    }
    return KeyMaterial.fromPem(Path.of(a.get("privateKey", cert)), Path.of(cert));
  }
}
