package dev.torsion.protocols.finger;

import dev.torsion.internet.Deferred;

/**
 * What a finger server knows: the text to answer for one user, and for the list of users; the
 * answer source of a {@link FingerServer} (Twisted's {@code Finger.getUser} and {@code
 * getDomain} overrides, as one interface).
 *
 * <pre>{@code
 * Map<String, String> plans = Map.of("alice", "Working on the reactor.");
 * FingerUsers users = FingerUsers.of(plans);                  // no list: "Finger online list denied"
 * }</pre>
 */
public interface FingerUsers {
  /** The answer for {@code user}, or a Deferred of null for "No such user". */
  Deferred<String> user(String user, boolean verbose);

  /** The answer to the empty query, or a Deferred of null to refuse listing. */
  default Deferred<String> list(boolean verbose) {
    return Deferred.succeed(null);
  }

  /** A fixed table of users and their answers, without a public list. */
  static FingerUsers of(java.util.Map<String, String> answers) {
    java.util.Map<String, String> copy = java.util.Map.copyOf(answers);
    return (user, verbose) -> Deferred.succeed(copy.get(user));
  }
}
