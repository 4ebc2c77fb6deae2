package dev.torsion.conch.ssh;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.cred.AuthorizedKeysChecker;
import dev.torsion.cred.SSHPrivateKey;
import dev.torsion.cred.UnauthorizedLogin;
import dev.torsion.cred.UnhandledCredentials;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.Peers;
import dev.torsion.trial.Trial;
import dev.torsion.trial.TrialTest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * cred's {@link AuthorizedKeysChecker} with keys made by OpenSSH's ssh-keygen, each type it
 * accepts: listed and signed is in, anything else fails with the same {@link UnauthorizedLogin}.
 */
@TrialTest
final class AuthorizedKeysCheckerTest {
  @TempDir static Path dir;
  static HostKey ed25519;
  static HostKey ecdsa256;
  static HostKey ecdsa384;
  static HostKey ecdsa521;
  static HostKey rsa;
  static HostKey unlisted;

  static HostKey keygen(String name, String... type) throws Exception {
    List<String> cmd = new ArrayList<>(List.of(Peers.require("ssh-keygen"), "-q", "-N", "",
        "-C", name + "@test", "-f", dir.resolve(name).toString()));
    cmd.addAll(List.of(type));
    Process p = new ProcessBuilder(cmd).redirectErrorStream(true).start();
    assertThat(p.waitFor(60, TimeUnit.SECONDS)).isTrue();
    assertThat(p.exitValue()).as(new String(p.getInputStream().readAllBytes())).isZero();
    return HostKey.load(dir.resolve(name));
  }

  @BeforeAll
  static void keys() throws Exception {
    ed25519 = keygen("ed", "-t", "ed25519");
    ecdsa256 = keygen("ec256", "-t", "ecdsa", "-b", "256");
    ecdsa384 = keygen("ec384", "-t", "ecdsa", "-b", "384");
    ecdsa521 = keygen("ec521", "-t", "ecdsa", "-b", "521");
    rsa = keygen("rsa", "-t", "rsa", "-b", "2048");
    unlisted = keygen("other", "-t", "ed25519");
    // sshd(8)'s format as users write it: comments, blank lines, options with quoted blanks,
    // the .pub files ssh-keygen wrote, and a line that is not a key at all.
    Files.writeString(dir.resolve("alice_keys"), String.join("\n",
        "# alice's keys", "",
        "restrict,command=\"echo \\\"hi there\\\"\",from=\"127.0.0.1\" "
            + Files.readString(dir.resolve("ed.pub")).strip(),
        Files.readString(dir.resolve("ec256.pub")).strip(),
        "  " + Files.readString(dir.resolve("ec384.pub")).strip(),
        Files.readString(dir.resolve("ec521.pub")).strip(),
        "no-pty " + Files.readString(dir.resolve("rsa.pub")).strip(),
        "ssh-ed25519 not-base64!! broken", "garbage", ""));
  }

  static AuthorizedKeysChecker checker(Reactor reactor) {
    return new AuthorizedKeysChecker(reactor,
        user -> user.equals("alice") ? dir.resolve("alice_keys") : null);
  }

  /** A signed request as RFC 4252 7 has the client make it (the data is any bytes here). */
  static SSHPrivateKey signed(String user, HostKey key, String algorithm, String data) {
    byte[] bytes = data.getBytes(StandardCharsets.UTF_8);
    return new SSHPrivateKey(user, algorithm, key.publicBlob(), bytes, key.sign(algorithm, bytes));
  }

  /** What a check ends in: the avatar id, or the exception it failed with. */
  static Deferred<Object> outcome(Deferred<String> d) {
    return d.addCallbacks(id -> (Object) id, failure -> failure.value());
  }

  /** Waits (after the test method returns, as checks run on the pool) and asserts on all. */
  static void then(List<Deferred<String>> checks, java.util.function.Consumer<List<Object>> test) {
    Trial.waitFor(Deferred.gatherResults(checks.stream().map(d -> outcome(d)).toList())
        .addCallback(all -> {
          test.accept(all);
          return null;
        }));
  }

  @Test
  void eachKeyTypeListedAndSignedIsAccepted(Reactor reactor) {
    AuthorizedKeysChecker c = checker(reactor);
    then(List.of(
        c.requestAvatarId(signed("alice", ed25519, "ssh-ed25519", "x")),
        c.requestAvatarId(signed("alice", ecdsa256, "ecdsa-sha2-nistp256", "x")),
        c.requestAvatarId(signed("alice", ecdsa384, "ecdsa-sha2-nistp384", "x")),
        c.requestAvatarId(signed("alice", ecdsa521, "ecdsa-sha2-nistp521", "x")),
        c.requestAvatarId(signed("alice", rsa, "rsa-sha2-256", "x")),
        c.requestAvatarId(signed("alice", rsa, "rsa-sha2-512", "x"))),
        all -> assertThat(all).containsOnly("alice").hasSize(6));
  }

  @Test
  void aQueryWithoutASignatureSucceedsOnlyForAListedKey(Reactor reactor) {
    AuthorizedKeysChecker c = checker(reactor);
    then(List.of(
        c.requestAvatarId(new SSHPrivateKey("alice", "ssh-ed25519", ed25519.publicBlob(),
            null, null)),
        c.requestAvatarId(new SSHPrivateKey("alice", "ssh-ed25519", unlisted.publicBlob(),
            null, null))), all -> {
              assertThat(all.get(0)).isEqualTo("alice");
              assertThat(all.get(1)).isInstanceOf(UnauthorizedLogin.class);
            });
  }

  @Test
  void everyRefusalIsTheSameUnauthorizedLogin(Reactor reactor) {
    AuthorizedKeysChecker c = checker(reactor);
    SSHPrivateKey good = signed("alice", ed25519, "ssh-ed25519", "session");
    then(List.of(
        // a key alice does not list
        c.requestAvatarId(signed("alice", unlisted, "ssh-ed25519", "session")),
        // a user with no authorized_keys file
        c.requestAvatarId(signed("bob", ed25519, "ssh-ed25519", "session")),
        // alice's key, but the signature covers other data
        c.requestAvatarId(new SSHPrivateKey("alice", "ssh-ed25519", good.blob(),
            "other".getBytes(StandardCharsets.UTF_8), good.signature())),
        // the algorithm named does not fit the key
        c.requestAvatarId(new SSHPrivateKey("alice", "rsa-sha2-256", good.blob(),
            good.signedData(), good.signature())),
        // a blob that is no key
        c.requestAvatarId(new SSHPrivateKey("alice", "ssh-ed25519",
            Base64.getDecoder().decode("AAAA"), null, null))), all -> {
              for (Object t : all) {
                assertThat(t).isInstanceOf(UnauthorizedLogin.class);
                assertThat((Throwable) t).hasMessage(UnauthorizedLogin.MESSAGE);
              }
            });
  }

  @Test
  void anEditTakesEffectAtOnce(Reactor reactor) throws Exception {
    Path file = dir.resolve("carol_keys");
    AuthorizedKeysChecker c = new AuthorizedKeysChecker(reactor, user -> file);
    SSHPrivateKey carol = signed("carol", unlisted, "ssh-ed25519", "s");
    Trial.waitFor(outcome(c.requestAvatarId(carol)).<Object>addDeferredCallback(before -> {
      assertThat(before).isInstanceOf(UnauthorizedLogin.class);
      try {
        Files.writeString(file, Files.readString(dir.resolve("other.pub")));
      } catch (java.io.IOException e) {
        throw new java.io.UncheckedIOException(e);
      }
      return outcome(c.requestAvatarId(carol));
    }).addCallback(after -> {
      assertThat(after).isEqualTo("carol");
      return null;
    }));
  }

  @Test
  void aPasswordIsNotItsBusiness(Reactor reactor) {
    then(List.of(checker(reactor).requestAvatarId(new UsernamePassword("alice", "pw"))),
        all -> assertThat(all.get(0)).isInstanceOf(UnhandledCredentials.class));
  }
}
