package dev.torsion.web.guard;

import dev.torsion.cred.Credentials;
import dev.torsion.cred.DigestCredentials;
import dev.torsion.cred.LoginFailed;
import dev.torsion.internet.ReactorTime;
import dev.torsion.web.guard.internal.AuthParams;
import dev.torsion.web.server.Request;
import java.net.URLDecoder;
import java.nio.ByteBuffer;
import java.nio.charset.StandardCharsets;
import java.security.GeneralSecurityException;
import java.security.MessageDigest;
import java.security.SecureRandom;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import javax.crypto.Mac;
import javax.crypto.spec.SecretKeySpec;

/**
 * HTTP Digest authentication (RFC 7616) with qop=auth, for MD5 or SHA-256: the password never
 * crosses the wire, only a hash of it with the server's nonce. Twisted's {@code
 * DigestCredentialFactory}. Checking the answer needs the plaintext password, so the portal's
 * checker must understand {@link dev.torsion.cred.UsernameHashedPassword} ({@link
 * dev.torsion.cred.InMemoryUsers} does; a file of one-way hashes cannot).
 *
 * <pre>{@code
 * new HTTPAuthSessionWrapper(portal, List.of(
 *     new DigestCredentialFactory("SHA-256", "staff", reactor),
 *     new DigestCredentialFactory("MD5", "staff", reactor)));
 * }</pre>
 *
 * <p>Nonces are stateless: a timestamp and random bytes signed with a key of this factory's, so
 * any nonce can be checked without a table; one older than {@link #NONCE_LIFETIME_SECONDS} is
 * answered with {@code stale=true} (RFC 7616 3.3), so the client retries without asking the user
 * again. The nonce count of each nonce must grow (3.4.2), which stops a replayed header; the
 * counts of at most {@link #MAX_TRACKED_NONCES} live nonces are remembered.
 */
public final class DigestCredentialFactory implements CredentialFactory {
  public static final double NONCE_LIFETIME_SECONDS = 300;
  static final int MAX_TRACKED_NONCES = 10_000;

  private static final SecureRandom RANDOM = new SecureRandom();

  private final String algorithm;
  private final String realm;
  private final ReactorTime clock;
  private final byte[] key = new byte[32];
  private final String opaque;
  private final Map<String, Long> counts = new LinkedHashMap<>(16, 0.75f, true) {
    @Override
    protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
      return size() > MAX_TRACKED_NONCES;
    }
  };

  /** {@code algorithm} is "MD5" or "SHA-256". */
  public DigestCredentialFactory(String algorithm, String realm, ReactorTime clock) {
    if (!algorithm.equals("MD5") && !algorithm.equals("SHA-256")) {
      throw new IllegalArgumentException("Digest algorithm must be MD5 or SHA-256, not " + algorithm);
    }
    this.algorithm = algorithm;
    this.realm = GuardText.checkRealm(realm);
    this.clock = clock;
    RANDOM.nextBytes(key);
    byte[] o = new byte[16];
    RANDOM.nextBytes(o);
    this.opaque = Base64.getUrlEncoder().withoutPadding().encodeToString(o);
  }

  @Override
  public String scheme() {
    return "Digest";
  }

  @Override
  public String challenge(Request request, boolean stale) {
    return "Digest realm=\"" + realm + "\", qop=\"auth\", algorithm=" + algorithm
        + ", nonce=\"" + newNonce() + "\", opaque=\"" + opaque + "\""
        + (stale ? ", stale=true" : "");
  }

  /**
   * The credentials in {@code response}; {@link LoginFailed} when a parameter is missing or
   * wrong (another realm, algorithm or URI, a nonce not ours, a replayed count), {@link
   * StaleNonce} when the nonce is ours but old.
   */
  @Override
  public Credentials decode(String response, Request request) throws LoginFailed {
    Map<String, String> p = AuthParams.parse(response);
    if (p == null) {
      throw new LoginFailed("malformed Digest credentials");
    }
    String username = p.get("username");
    if (username == null && p.containsKey("username*")) {
      username = extValue(p.get("username*")); // RFC 7616 3.4.4
    }
    String nonce = p.get("nonce");
    String uri = p.get("uri");
    String answer = p.get("response");
    String qop = p.get("qop");
    String nc = p.get("nc");
    String cnonce = p.get("cnonce");
    String alg = p.getOrDefault("algorithm", "MD5");
    if (username == null || nonce == null || uri == null || answer == null) {
      throw new LoginFailed("Digest credentials lack a parameter");
    }
    if (!realm.equals(p.get("realm")) || !alg.equalsIgnoreCase(algorithm)
        || (p.containsKey("opaque") && !opaque.equals(p.get("opaque")))) {
      throw new LoginFailed("Digest credentials are for another realm or algorithm");
    }
    // RFC 7616 3.4.6: the uri parameter must name the request's own target.
    if (!uri.equals(request.getUri())) {
      throw new LoginFailed("Digest uri is not the request's");
    }
    if (!"auth".equals(qop) || nc == null || cnonce == null || !nc.matches("[0-9a-fA-F]{8}")) {
      throw new LoginFailed("Digest credentials need qop=auth with nc and cnonce");
    }
    checkNonce(nonce, Long.parseLong(nc, 16));
    return new DigestCredentials(username, realm, request.getMethod(), uri, nonce, nc, cnonce,
        qop, algorithm, answer);
  }

  private String newNonce() {
    ByteBuffer b = ByteBuffer.allocate(32);
    b.putLong((long) (clock.seconds() * 1000));
    byte[] r = new byte[8];
    RANDOM.nextBytes(r);
    b.put(r);
    b.put(sign(b.array(), 16), 0, 16);
    return Base64.getUrlEncoder().withoutPadding().encodeToString(b.array());
  }

  private void checkNonce(String nonce, long count) throws LoginFailed {
    byte[] raw;
    try {
      raw = Base64.getUrlDecoder().decode(nonce);
    } catch (IllegalArgumentException e) {
      throw new LoginFailed("not our nonce");
    }
    if (raw.length != 32) {
      throw new LoginFailed("not our nonce");
    }
    byte[] mac = java.util.Arrays.copyOfRange(raw, 16, 32);
    if (!MessageDigest.isEqual(mac, java.util.Arrays.copyOf(sign(raw, 16), 16))) {
      throw new LoginFailed("not our nonce");
    }
    double issued = ByteBuffer.wrap(raw).getLong() / 1000.0;
    if (clock.seconds() - issued > NONCE_LIFETIME_SECONDS) {
      throw new StaleNonce();
    }
    synchronized (counts) {
      Long last = counts.get(nonce);
      if (last != null && count <= last) {
        throw new LoginFailed("replayed Digest nonce count");
      }
      counts.put(nonce, count);
    }
  }

  private byte[] sign(byte[] data, int length) {
    try {
      Mac mac = Mac.getInstance("HmacSHA256");
      mac.init(new SecretKeySpec(key, "HmacSHA256"));
      mac.update(data, 0, length);
      return mac.doFinal();
    } catch (GeneralSecurityException e) {
      throw new IllegalStateException(e);
    }
  }

  /** RFC 8187 ext-value: UTF-8''percent-encoded. */
  private static String extValue(String v) throws LoginFailed {
    int q = v.indexOf("''");
    if (q < 0 || !v.substring(0, q).toUpperCase(Locale.ROOT).equals("UTF-8")) {
      throw new LoginFailed("username* must be UTF-8''...");
    }
    try {
      return URLDecoder.decode(v.substring(q + 2).replace("+", "%2B"), StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      throw new LoginFailed("bad username*");
    }
  }
}
