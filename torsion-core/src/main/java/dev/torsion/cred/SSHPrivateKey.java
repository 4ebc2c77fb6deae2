package dev.torsion.cred;

import java.util.Arrays;
import java.util.Objects;

/**
 * Proof of an SSH user key (RFC 4252 section 7): the public key's algorithm and blob, and, once
 * the client signs, the data it signed and the signature. Twisted's {@code ISSHPrivateKey}.
 * A checker accepts the key only when it is authorized for the user <em>and</em> the signature
 * verifies; with no signature yet (the client's "would this key do?" query) it fails with {@link
 * UnauthorizedLogin} unless the key is authorized, so the server can answer PK_OK.
 *
 * <pre>{@code
 * new SSHPrivateKey("alice", "ssh-ed25519", blob, sessionSignedData, signature);
 * }</pre>
 *
 * @param username the SSH user name
 * @param algorithm the public key algorithm named in the request, such as "ssh-ed25519"
 * @param blob the public key in SSH wire form
 * @param signedData the bytes the signature covers, or null when the client sent no signature
 * @param signature the signature in SSH wire form (algorithm name and bytes), or null
 */
public record SSHPrivateKey(
    String username, String algorithm, byte[] blob, byte[] signedData, byte[] signature)
    implements Credentials {
  public SSHPrivateKey {
    Objects.requireNonNull(username, "username");
    Objects.requireNonNull(algorithm, "algorithm");
    Objects.requireNonNull(blob, "blob");
  }

  /** True when the client has signed, false for a query about the key alone. */
  public boolean hasSignature() {
    return signature != null && signedData != null;
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof SSHPrivateKey k && username.equals(k.username)
        && algorithm.equals(k.algorithm) && Arrays.equals(blob, k.blob)
        && Arrays.equals(signedData, k.signedData) && Arrays.equals(signature, k.signature);
  }

  @Override
  public int hashCode() {
    return Objects.hash(username, algorithm, Arrays.hashCode(blob));
  }

  @Override
  public String toString() {
    return "SSHPrivateKey[" + username + ", " + algorithm + "]";
  }
}
