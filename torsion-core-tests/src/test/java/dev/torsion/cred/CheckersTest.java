package dev.torsion.cred;

import static dev.torsion.trial.Trial.failureResultOf;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.Trial;
import dev.torsion.trial.TrialTest;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.PosixFilePermissions;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

@TrialTest
final class CheckersTest {
  @TempDir Path dir;

  @Test
  void inMemoryUsersProveTheNameForTheRightPasswordOnly() {
    InMemoryUsers users = new InMemoryUsers().addUser("alice", "s3cret");
    assertThat(successResultOf(users.requestAvatarId(new UsernamePassword("alice", "s3cret"))))
        .isEqualTo("alice");
    failureResultOf(users.requestAvatarId(new UsernamePassword("alice", "wrong")), UnauthorizedLogin.class);
  }

  @Test
  void unknownUserAndWrongPasswordFailTheSameWay() {
    InMemoryUsers users = new InMemoryUsers().addUser("alice", "s3cret");
    Failure wrong = failureResultOf(users.requestAvatarId(new UsernamePassword("alice", "nope")));
    Failure unknown = failureResultOf(users.requestAvatarId(new UsernamePassword("mallory", "nope")));
    assertThat(unknown.value()).hasSameClassAs(wrong.value()).hasMessage(wrong.value().getMessage())
        .hasMessage(UnauthorizedLogin.MESSAGE);
  }

  @Test
  void inMemoryUsersCheckChallengeAnswers() {
    InMemoryUsers users = new InMemoryUsers().addUser("tim", "tanstaaftanstaaf");
    String challenge = "<1896.697170952@postoffice.reston.mci.net>";
    CramMD5Credentials ok = CramMD5Credentials.fromResponse(challenge,
        CramMD5Credentials.respond(challenge, "tim", "tanstaaftanstaaf"));
    CramMD5Credentials bad = CramMD5Credentials.fromResponse(challenge,
        CramMD5Credentials.respond(challenge, "tim", "guess"));
    assertThat(successResultOf(users.requestAvatarId(ok))).isEqualTo("tim");
    failureResultOf(users.requestAvatarId(bad), UnauthorizedLogin.class);
  }

  @Test
  void passwordFileChecksOnThePoolAndFailsAlikeForUnknownUsers(Reactor reactor) throws Exception {
    Path file = dir.resolve("users.passwd");
    Files.writeString(file, "# users\n\nalice:" + PasswordHash.bcrypt("s3cret", 4) + "\n"
        + "bob:" + PasswordHash.pbkdf2("hunter2", 1000) + "\n");
    PasswordFileChecker checker = PasswordFileChecker.open(file, reactor);
    assertThat(checker.usernames()).containsExactly("alice", "bob");

    Deferred<String> alice = checker.requestAvatarId(new UsernamePassword("alice", "s3cret"));
    Trial.assertNoResult(alice); // hashing happens on a pool thread, never right here
    Deferred<String> bob = checker.requestAvatarId(new UsernamePassword("bob", "hunter2"));
    Deferred<String> wrong = checker.requestAvatarId(new UsernamePassword("alice", "S3cret"));
    Deferred<String> unknown = checker.requestAvatarId(new UsernamePassword("carol", "s3cret"));
    Trial.waitFor(Deferred.gatherResults(List.of(
            alice, bob, wrong.addErrback(f -> f.value()), unknown.addErrback(f -> f.value())))
        .addCallback(all -> {
          assertThat(all.get(0)).isEqualTo("alice");
          assertThat(all.get(1)).isEqualTo("bob");
          Throwable w = (Throwable) (Object) all.get(2);
          Throwable u = (Throwable) (Object) all.get(3);
          assertThat(w).isInstanceOf(UnauthorizedLogin.class);
          assertThat(u).hasSameClassAs(w).hasMessage(w.getMessage());
          return null;
        }));
  }

  @Test
  void aMalformedPasswordFileNamesTheFileAndLine(Reactor reactor) throws Exception {
    Path file = dir.resolve("bad.passwd");
    Files.writeString(file, "alice:" + PasswordHash.bcrypt("x", 4) + "\nbob:plaintext\n");
    assertThatThrownBy(() -> PasswordFileChecker.open(file, reactor))
        .isInstanceOf(IllegalArgumentException.class)
        .hasMessageContaining(file + ":2:");
  }

  @Test
  void setPasswordAddsAndReplacesLinesAndKeepsTheRest() throws Exception {
    Path file = dir.resolve("users.passwd");
    Files.writeString(file, "# keep me\nbob:" + PasswordHash.pbkdf2("b", 1000) + "\n");
    String first = PasswordHash.bcrypt("one", 4);
    String second = PasswordHash.bcrypt("two", 4);
    PasswordFileChecker.setPassword(file, "alice", first);
    PasswordFileChecker.setPassword(file, "alice", second);
    List<String> lines = Files.readAllLines(file);
    assertThat(lines).hasSize(3);
    assertThat(lines.get(0)).isEqualTo("# keep me");
    assertThat(lines.get(1)).startsWith("bob:$pbkdf2-sha256$");
    assertThat(lines.get(2)).isEqualTo("alice:" + second);
    assertThat(PosixFilePermissions.toString(Files.getPosixFilePermissions(file))).isEqualTo("rw-------");
    assertThatThrownBy(() -> PasswordFileChecker.setPassword(file, "a:b", second))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void anyOfTriesEachCheckerInTurn() {
    InMemoryUsers first = new InMemoryUsers().addUser("alice", "a");
    InMemoryUsers second = new InMemoryUsers().addUser("bob", "b");
    CredentialsChecker both = Checkers.anyOf(first, second);
    assertThat(successResultOf(both.requestAvatarId(new UsernamePassword("alice", "a")))).isEqualTo("alice");
    assertThat(successResultOf(both.requestAvatarId(new UsernamePassword("bob", "b")))).isEqualTo("bob");
    failureResultOf(both.requestAvatarId(new UsernamePassword("bob", "a")), UnauthorizedLogin.class);
  }

  @Test
  void anonymousIsAcceptedOnlyByItsChecker() {
    assertThat(successResultOf(new AllowAnonymousAccess().requestAvatarId(Anonymous.INSTANCE)))
        .isEqualTo(Anonymous.AVATAR_ID);
    failureResultOf(new InMemoryUsers().requestAvatarId(Anonymous.INSTANCE), UnhandledCredentials.class);
  }
}
