package dev.torsion.cred;

import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.failureResultOf;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.task.Clock;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

final class PortalTest {
  interface Shell {
    String owner();
  }

  record UserShell(String owner) implements Shell {}

  private final AtomicInteger loggedOut = new AtomicInteger();
  private final Realm realm = (avatarId, mind, interfaces) -> {
    if (interfaces.contains(Shell.class)) {
      return dev.torsion.internet.Deferred.succeed(
          new Login<>(Shell.class, new UserShell(avatarId), loggedOut::incrementAndGet, avatarId));
    }
    return dev.torsion.internet.Deferred.fail(new UnhandledCredentials("no such interface"));
  };
  private final Portal portal = new Portal(realm, new InMemoryUsers().addUser("alice", "s3cret"));
  private static final IPv4Address MALLORY = new IPv4Address("TCP", "192.0.2.66", 40000);

  @Test
  void loginGivesTheRealmsAvatarForTheProvedIdAndItsLogout() {
    Login<Shell> login = successResultOf(
        portal.login(new UsernamePassword("alice", "s3cret"), null, Shell.class));
    assertThat(login.iface()).isEqualTo(Shell.class);
    assertThat(login.avatar().owner()).isEqualTo("alice");
    assertThat(login.avatarId()).isEqualTo("alice");
    login.logout().run();
    assertThat(loggedOut.get()).isEqualTo(1);
  }

  @Test
  void wrongCredentialsNeverReachTheRealm() {
    failureResultOf(portal.login(new UsernamePassword("alice", "x"), null, Shell.class),
        UnauthorizedLogin.class);
  }

  @Test
  void credentialsNoCheckerUnderstandsAreUnhandled() {
    failureResultOf(portal.login(Anonymous.INSTANCE, null, Shell.class), UnhandledCredentials.class);
    assertThat(portal.accepts(Anonymous.class)).isFalse();
    portal.registerChecker(new AllowAnonymousAccess());
    assertThat(successResultOf(portal.login(Anonymous.INSTANCE, null, Shell.class)).avatarId())
        .isEqualTo(Anonymous.AVATAR_ID);
  }

  @Test
  void realmOfBuildsOneKindOfAvatar() {
    Portal p = new Portal(Realm.of(Shell.class, UserShell::new), new InMemoryUsers().addUser("bob", "b"));
    assertThat(successResultOf(p.login(new UsernamePassword("bob", "b"), null, Shell.class)).avatar().owner())
        .isEqualTo("bob");
    failureResultOf(p.login(new UsernamePassword("bob", "b"), null, Runnable.class), UnhandledCredentials.class);
  }

  @Test
  void aSourceThatKeepsFailingIsSlowedThenForgivenOnSuccess() {
    Clock clock = new Clock();
    portal.setLimiter(new LoginLimiter(clock, LoginLimiter.Policy.DEFAULT.withFreeFailures(2)));
    UsernamePassword wrong = new UsernamePassword("alice", "guess");
    // Two free failures answer at once.
    failureResultOf(portal.login(wrong, MALLORY, null, Shell.class), UnauthorizedLogin.class);
    failureResultOf(portal.login(wrong, MALLORY, null, Shell.class), UnauthorizedLogin.class);
    // The third also answers at once, but makes the next attempt wait 1 s...
    failureResultOf(portal.login(wrong, MALLORY, null, Shell.class), UnauthorizedLogin.class);
    var slowed = portal.login(new UsernamePassword("alice", "s3cret"), MALLORY, null, Shell.class);
    assertNoResult(slowed);
    // ...while another address is not held up at all.
    IPv4Address other = new IPv4Address("TCP", "192.0.2.7", 1234);
    successResultOf(portal.login(new UsernamePassword("alice", "s3cret"), other, null, Shell.class));
    clock.advance(0.9);
    assertNoResult(slowed);
    clock.advance(0.1);
    assertThat(successResultOf(slowed).avatarId()).isEqualTo("alice");
    assertThat(portal.limiter().failures("192.0.2.66")).isZero();
  }

  @Test
  void theWaitDoublesWithEachFailureUpToTheMaximum() {
    Clock clock = new Clock();
    LoginLimiter limiter = new LoginLimiter(clock, new LoginLimiter.Policy(0, 1, 4, 600, 100));
    for (double expected : new double[] {1, 2, 4, 4}) {
      limiter.failed("a");
      assertThat(limiter.delayFor("a")).isEqualTo(expected);
    }
    clock.advance(600);
    assertThat(limiter.delayFor("a")).isZero(); // forgotten after the quiet period
  }

  @Test
  void theTableOfSourcesIsBounded() {
    LoginLimiter limiter = new LoginLimiter(new Clock(), new LoginLimiter.Policy(0, 1, 4, 600, 3));
    for (int i = 0; i < 10; i++) {
      limiter.failed("10.0.0." + i);
    }
    assertThat(limiter.failures("10.0.0.0")).isZero();
    assertThat(limiter.failures("10.0.0.9")).isEqualTo(1);
  }
}
