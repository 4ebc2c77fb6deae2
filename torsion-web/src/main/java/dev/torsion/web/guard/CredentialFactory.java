package dev.torsion.web.guard;

import dev.torsion.cred.Credentials;
import dev.torsion.cred.LoginFailed;
import dev.torsion.web.server.Request;

/**
 * One HTTP authentication scheme (Basic, Digest): how to challenge a client and how to turn its
 * {@code Authorization} header into {@link Credentials}. Twisted's {@code ICredentialFactory}.
 *
 * <pre>{@code
 * List<CredentialFactory> schemes = List.of(
 *     new DigestCredentialFactory("SHA-256", "example", reactor),
 *     new BasicCredentialFactory("example"));
 * Resource guarded = new HTTPAuthSessionWrapper(portal, schemes);
 * }</pre>
 */
public interface CredentialFactory {
  /** The scheme's name as it appears in the headers, such as "Basic". */
  String scheme();

  /** The value of one {@code WWW-Authenticate} header for a 401 to {@code request}. */
  String challenge(Request request, boolean stale);

  /**
   * The credentials in an {@code Authorization} header's value after the scheme name; {@link
   * LoginFailed} when they are malformed, or {@link StaleNonce} when a Digest nonce has expired.
   */
  Credentials decode(String response, Request request) throws LoginFailed;

  /** A Digest nonce that was ours but has expired: the client should retry with a fresh one. */
  final class StaleNonce extends LoginFailed {
    public StaleNonce() {
      super("stale nonce");
    }
  }
}
