package dev.torsion.trial;

import static dev.torsion.trial.Trial.assertFailure;
import static dev.torsion.trial.Trial.assertNoResult;
import static dev.torsion.trial.Trial.failureResultOf;
import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import java.io.IOException;
import java.util.concurrent.CompletableFuture;
import org.junit.jupiter.api.Test;
import org.opentest4j.AssertionFailedError;

class SynchronousHelpersTest {
  @Test
  void successResultOfReturnsTheResultAndTakesIt() {
    Deferred<String> d = Deferred.succeed("ok");
    assertThat(successResultOf(d)).isEqualTo("ok");
    Object[] after = {"unset"};
    d.addCallback(r -> after[0] = r);
    assertThat(after[0]).isNull();
  }

  @Test
  void successResultOfFailsWithoutAResult() {
    Deferred<String> d = new Deferred<>();
    assertThatThrownBy(() -> successResultOf(d))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("Success result expected on <Deferred waiting>, found no result instead");
  }

  @Test
  void successResultOfShowsTheFailuresTraceback() {
    Deferred<String> d = Deferred.fail(new IOException("disk on fire"));
    assertThatThrownBy(() -> successResultOf(d))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("found failure result instead")
        .hasMessageContaining("java.io.IOException: disk on fire")
        .hasMessageContaining("SynchronousHelpersTest")
        .hasCauseInstanceOf(IOException.class);
  }

  @Test
  void failureResultOfReturnsTheFailureAndHandlesIt() {
    Deferred<String> d = Deferred.fail(new IOException("nope"));
    Failure f = failureResultOf(d, IOException.class);
    assertThat(f.value()).hasMessage("nope");
    // Handled: the chain now holds a plain null, so nothing is left to be reported as unhandled.
    Object[] after = {"unset"};
    d.addCallbacks(r -> after[0] = "callback:" + r, e -> after[0] = e);
    assertThat(after[0]).isEqualTo("callback:null");
  }

  @Test
  void failureResultOfChecksTheType() {
    Deferred<String> d = Deferred.fail(new IllegalStateException("bad state"));
    assertThatThrownBy(() -> failureResultOf(d, IOException.class))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("Failure of type (java.io.IOException) expected on")
        .hasMessageContaining("found type java.lang.IllegalStateException instead");
  }

  @Test
  void failureResultOfFailsOnSuccessAndOnNoResult() {
    assertThatThrownBy(() -> failureResultOf(Deferred.succeed(3)))
        .hasMessageContaining("found success result (3) instead");
    assertThatThrownBy(() -> failureResultOf(new Deferred<>()))
        .hasMessageContaining("found no result instead");
  }

  @Test
  void assertNoResultPassesOnAnUnfiredDeferredAndLeavesItUsable() {
    Deferred<String> d = new Deferred<>();
    assertNoResult(d);
    d.callback("later");
    assertThat(successResultOf(d)).isEqualTo("later");
  }

  @Test
  void assertNoResultFailsOnAFiredDeferred() {
    assertThatThrownBy(() -> assertNoResult(Deferred.succeed("x")))
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("No result expected on")
        .hasMessageContaining("found x instead");
    Deferred<String> failed = Deferred.fail(new IOException("boom"));
    assertThatThrownBy(() -> assertNoResult(failed))
        .hasMessageContaining("found failure result instead")
        .hasMessageContaining("boom");
    // the failure was reported by the assertion, and is handled in the Deferred
    Object[] after = {"unset"};
    failed.addBoth(r -> after[0] = r);
    assertThat(after[0]).isNull();
  }

  @Test
  void assertFailureFiresWithTheExpectedException() {
    Deferred<IOException> d = assertFailure(Deferred.fail(new IOException("expected")), IOException.class);
    assertThat(successResultOf(d)).hasMessage("expected");
  }

  @Test
  void assertFailureFailsOnSuccessOrAnotherType() {
    Failure onSuccess = failureResultOf(assertFailure(Deferred.succeed("fine"), IOException.class));
    assertThat(onSuccess.value())
        .isInstanceOf(AssertionFailedError.class)
        .hasMessageContaining("did not catch an error, instead got fine");
    Throwable matched =
        successResultOf(
            assertFailure(Deferred.fail(new IllegalStateException("x")), IOException.class, RuntimeException.class));
    // IllegalStateException is a RuntimeException: it matches the second type
    assertThat(matched).isInstanceOf(IllegalStateException.class);
  }

  @Test
  void assertFailureWithVarargsReportsTheMismatch() {
    Deferred<Throwable> d =
        assertFailure(Deferred.fail(new IllegalStateException("x")), IOException.class, ArithmeticException.class);
    Failure f = failureResultOf(d, AssertionFailedError.class);
    assertThat(f.getErrorMessage())
        .contains("Expected: (java.io.IOException or java.lang.ArithmeticException)")
        .contains("java.lang.IllegalStateException: x");
  }

  @Test
  void completionStagesWorkToo() {
    assertThat(successResultOf(CompletableFuture.completedFuture(5))).isEqualTo(5);
    assertThatThrownBy(() -> successResultOf(CompletableFuture.failedFuture(new IOException("io"))))
        .hasMessageContaining("java.io.IOException: io");
  }

  @Test
  void boundHelpersFailOutsideATrialTest() {
    assertThatThrownBy(Trial::reactor)
        .isInstanceOf(IllegalStateException.class)
        .hasMessageContaining("Trial.reactor() is only for tests run by trial");
    assertThatThrownBy(() -> Trial.flushLoggedErrors()).isInstanceOf(IllegalStateException.class);
  }
}
