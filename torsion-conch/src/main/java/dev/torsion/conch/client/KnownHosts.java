package dev.torsion.conch.client;

import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * OpenSSH's known_hosts file: which host keys a client trusts, Twisted's {@code
 * KnownHostsFile}. Understands plain and hashed ({@code |1|salt|hash}) host names, {@code
 * [host]:port} for ports other than 22, patterns with {@code *}, {@code ?} and {@code !}, and
 * {@code @revoked} lines; {@code @cert-authority} lines are skipped.
 *
 * <pre>{@code
 * KnownHosts known = KnownHosts.load(Path.of(System.getProperty("user.home"), ".ssh/known_hosts"));
 * known.verify("example.org", 22, hostKeyBlob);   // Verdict.TRUSTED, MISMATCH or UNKNOWN
 * }</pre>
 */
public final class KnownHosts {
  /** What a file says about a host's key. */
  public enum Verdict { TRUSTED, MISMATCH, UNKNOWN, REVOKED }

  /** A file longer than this is refused (known_hosts files are kilobytes). */
  public static final long MAX_FILE = 16L * 1024 * 1024;

  private record Entry(boolean revoked, String[] patterns, String keyType, byte[] blob) {}

  private final List<Entry> entries;

  private KnownHosts(List<Entry> entries) {
    this.entries = entries;
  }

  /** Reads {@code file}; a missing file trusts nothing. */
  public static KnownHosts load(Path file) throws IOException {
    if (!Files.exists(file)) {
      return new KnownHosts(List.of());
    }
    if (Files.size(file) > MAX_FILE) {
      throw new IOException(file + ": too large for a known_hosts file");
    }
    return parse(Files.readString(file, StandardCharsets.UTF_8));
  }

  /** Parses known_hosts text; lines that do not parse are skipped, as ssh does. */
  public static KnownHosts parse(String text) {
    List<Entry> entries = new ArrayList<>();
    for (String raw : text.split("\n")) {
      String line = raw.strip();
      if (line.isEmpty() || line.startsWith("#")) {
        continue;
      }
      String[] f = line.split("\\s+");
      boolean revoked = false;
      int i = 0;
      if (f[0].startsWith("@")) {
        if (f[0].equals("@revoked")) {
          revoked = true;
        } else {
          continue;
        }
        i = 1;
      }
      if (f.length < i + 3) {
        continue;
      }
      try {
        entries.add(new Entry(revoked, f[i].split(","), f[i + 1],
            Base64.getDecoder().decode(f[i + 2])));
      } catch (IllegalArgumentException e) {
        // bad base64: skipped
      }
    }
    return new KnownHosts(entries);
  }

  /** The name a host has in the file: "host", or "[host]:port" when the port is not 22. */
  public static String hostName(String host, int port) {
    return port == 22 ? host : "[" + host + "]:" + port;
  }

  /** Whether {@code blob} (an SSH public key) is {@code host:port}'s key as far as we know. */
  public Verdict verify(String host, int port, byte[] blob) {
    String name = hostName(host, port);
    boolean known = false;
    for (Entry e : entries) {
      if (!matches(e.patterns(), name)) {
        continue;
      }
      if (Arrays.equals(e.blob(), blob)) {
        if (e.revoked()) {
          return Verdict.REVOKED;
        }
        return Verdict.TRUSTED;
      }
      if (!e.revoked()) {
        known = true;
      }
    }
    return known ? Verdict.MISMATCH : Verdict.UNKNOWN;
  }

  private static boolean matches(String[] patterns, String name) {
    boolean match = false;
    for (String p : patterns) {
      if (p.startsWith("|1|")) {
        match |= hashedMatch(p, name);
      } else if (p.startsWith("!")) {
        if (glob(p.substring(1), name)) {
          return false;
        }
      } else if (glob(p, name)) {
        match = true;
      }
    }
    return match;
  }

  /** |1|base64(salt)|base64(HMAC-SHA1(salt, name)). */
  private static boolean hashedMatch(String p, String name) {
    String[] parts = p.split("\\|");
    if (parts.length != 4) {
      return false;
    }
    try {
      byte[] salt = Base64.getDecoder().decode(parts[2]);
      byte[] hash = Base64.getDecoder().decode(parts[3]);
      Mac mac = Mac.getInstance("HmacSHA1");
      mac.init(new SecretKeySpec(salt, "HmacSHA1"));
      return MessageDigest.isEqual(hash, mac.doFinal(name.getBytes(StandardCharsets.UTF_8)));
    } catch (IllegalArgumentException | GeneralSecurityException e) {
      return false;
    }
  }

  /** ssh's match_pattern: '*' any run, '?' one character; case-insensitive for host names. */
  static boolean glob(String pattern, String name) {
    return glob(pattern.toLowerCase(java.util.Locale.ROOT), 0,
        name.toLowerCase(java.util.Locale.ROOT), 0);
  }

  private static boolean glob(String p, int pi, String s, int si) {
    while (pi < p.length()) {
      char c = p.charAt(pi);
      if (c == '*') {
        while (pi < p.length() && p.charAt(pi) == '*') {
          pi++;
        }
        if (pi == p.length()) {
          return true;
        }
        for (int k = si; k <= s.length(); k++) {
          if (glob(p, pi, s, k)) {
            return true;
          }
        }
        return false;
      }
      if (si >= s.length() || (c != '?' && c != s.charAt(si))) {
        return false;
      }
      pi++;
      si++;
    }
    return si == s.length();
  }
}
