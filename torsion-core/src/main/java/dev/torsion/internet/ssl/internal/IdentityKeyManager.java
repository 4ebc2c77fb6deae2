package dev.torsion.internet.ssl.internal;

import dev.torsion.internet.ssl.KeyMaterial;
import java.net.Socket;
import java.security.Principal;
import java.security.PrivateKey;
import java.security.cert.CertificateParsingException;
import java.security.cert.X509Certificate;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import javax.net.ssl.ExtendedSSLSession;
import javax.net.ssl.SNIHostName;
import javax.net.ssl.SNIServerName;
import javax.net.ssl.SSLEngine;
import javax.net.ssl.SSLSession;
import javax.net.ssl.StandardConstants;
import javax.net.ssl.X509ExtendedKeyManager;

/**
 * Hands the SSLEngine our identities: one default, plus any number chosen by the SNI name the
 * client asked for. Aliases are indexes into the identity list. A server with several
 * identities answers a client asking for "b.example" with the identity whose certificate names
 * "b.example" (or "*.example"), and everyone else with the default, the first.
 */
public final class IdentityKeyManager extends X509ExtendedKeyManager {
  private final List<KeyMaterial> identities;
  private final List<List<String>> names = new ArrayList<>();

  public IdentityKeyManager(List<KeyMaterial> identities) {
    this.identities = List.copyOf(identities);
    for (KeyMaterial identity : this.identities) {
      names.add(namesOf(identity.chain().get(0)));
    }
  }

  /** The DNS names a certificate is for: its dNSName subjectAltNames, else its CN. */
  static List<String> namesOf(X509Certificate cert) {
    List<String> out = new ArrayList<>();
    try {
      if (cert.getSubjectAlternativeNames() != null) {
        for (List<?> entry : cert.getSubjectAlternativeNames()) {
          if (Integer.valueOf(2).equals(entry.get(0))) {
            out.add(((String) entry.get(1)).toLowerCase(Locale.ROOT));
          }
        }
      }
    } catch (CertificateParsingException e) {
      // no usable SANs: fall back on the CN below
    }
    if (out.isEmpty()) {
      String dn = cert.getSubjectX500Principal().getName();
      for (String rdn : dn.split(",")) {
        if (rdn.startsWith("CN=")) {
          out.add(rdn.substring(3).toLowerCase(Locale.ROOT));
        }
      }
    }
    return out;
  }

  private static boolean matches(String pattern, String host) {
    if (pattern.equals(host)) {
      return true;
    }
    // RFC 6125 6.4.3: a wildcard stands for exactly one leftmost label
    if (pattern.startsWith("*.")) {
      int dot = host.indexOf('.');
      return dot > 0 && host.substring(dot).equals(pattern.substring(1));
    }
    return false;
  }

  private String choose(String[] keyTypes, String sniName) {
    int fallback = -1;
    for (int i = 0; i < identities.size(); i++) {
      if (!typeMatches(identities.get(i), keyTypes)) {
        continue;
      }
      if (sniName == null) {
        return Integer.toString(i);
      }
      for (String pattern : names.get(i)) {
        if (matches(pattern, sniName)) {
          return Integer.toString(i);
        }
      }
      if (fallback < 0) {
        fallback = i;
      }
    }
    return fallback < 0 ? null : Integer.toString(fallback);
  }

  private static boolean typeMatches(KeyMaterial identity, String[] keyTypes) {
    String algorithm = identity.privateKey().getAlgorithm();
    for (String type : keyTypes) {
      // TLS 1.2 passes e.g. "EC_EC" or "RSA"; the part before '_' is the key algorithm
      String wanted = type.contains("_") ? type.substring(0, type.indexOf('_')) : type;
      if (wanted.equalsIgnoreCase(algorithm)
          || (wanted.equals("EC") && algorithm.equals("ECDSA"))) {
        return true;
      }
    }
    return false;
  }

  private static String requestedName(SSLEngine engine) {
    if (engine == null) {
      return null;
    }
    SSLSession session = engine.getHandshakeSession();
    if (!(session instanceof ExtendedSSLSession)) {
      return null;
    }
    for (SNIServerName name : ((ExtendedSSLSession) session).getRequestedServerNames()) {
      if (name.getType() == StandardConstants.SNI_HOST_NAME) {
        return ((SNIHostName) name).getAsciiName().toLowerCase(Locale.ROOT);
      }
    }
    return null;
  }

  @Override
  public String chooseEngineServerAlias(String keyType, Principal[] issuers, SSLEngine engine) {
    return choose(new String[] {keyType}, requestedName(engine));
  }

  @Override
  public String chooseEngineClientAlias(String[] keyTypes, Principal[] issuers, SSLEngine engine) {
    return choose(keyTypes, null);
  }

  @Override
  public String chooseServerAlias(String keyType, Principal[] issuers, Socket socket) {
    return choose(new String[] {keyType}, null);
  }

  @Override
  public String chooseClientAlias(String[] keyTypes, Principal[] issuers, Socket socket) {
    return choose(keyTypes, null);
  }

  private KeyMaterial byAlias(String alias) {
    try {
      int i = Integer.parseInt(alias);
      return i >= 0 && i < identities.size() ? identities.get(i) : null;
    } catch (NumberFormatException e) {
      return null;
    }
  }

  @Override
  public X509Certificate[] getCertificateChain(String alias) {
    KeyMaterial identity = byAlias(alias);
    return identity == null ? null : identity.chain().toArray(new X509Certificate[0]);
  }

  @Override
  public PrivateKey getPrivateKey(String alias) {
    KeyMaterial identity = byAlias(alias);
    return identity == null ? null : identity.privateKey();
  }

  @Override
  public String[] getClientAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  @Override
  public String[] getServerAliases(String keyType, Principal[] issuers) {
    return aliases(keyType);
  }

  private String[] aliases(String keyType) {
    List<String> out = new ArrayList<>();
    for (int i = 0; i < identities.size(); i++) {
      if (typeMatches(identities.get(i), new String[] {keyType})) {
        out.add(Integer.toString(i));
      }
    }
    return out.isEmpty() ? null : out.toArray(new String[0]);
  }
}
