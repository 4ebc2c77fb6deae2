package dev.torsion.internet.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CountDownLatch;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/**
 * What a reactor's signal handler decides, driven directly: the exit function is injected, so
 * nothing here halts the test JVM. NioSignalTest proves a real signal reaches the handler.
 */
class SignalHandlersTest {
  private final List<String> happened = new ArrayList<>();
  private final CountDownLatch runReturned = new CountDownLatch(1);
  private final SignalHandlers.OnSignal onSignal =
      new SignalHandlers.OnSignal(
          () -> happened.add("stop"), runReturned, status -> happened.add("halt " + status));
  private final Runnable previous = () -> happened.add("previous handler");

  @Test
  void theFirstSignalStopsTheReactorGracefully() {
    onSignal.handle(15, previous);

    assertThat(happened).containsExactly("stop");
  }

  @ParameterizedTest(name = "SIG{0} exits with {2}")
  @CsvSource({"TERM, 15, 143", "INT, 2, 130"})
  void aSecondSignalWhileStoppingHaltsWith128PlusTheSignal(String name, int number, int status) {
    onSignal.handle(number, previous);
    onSignal.handle(number, previous);

    assertThat(happened).containsExactly("stop", "halt " + status);
  }

  @Test
  void aSignalAfterRunReturnedGoesToThePreviousHandlerAndNeverHalts() {
    onSignal.handle(15, previous); // graceful stop ...
    runReturned.countDown(); // ... finished: run() returned

    onSignal.handle(15, previous);
    onSignal.handle(2, previous);

    assertThat(happened).containsExactly("stop", "previous handler", "previous handler");
  }

  @Test
  void aFirstSignalAfterRunReturnedDoesNotStopAgain() {
    runReturned.countDown();

    onSignal.handle(2, previous);

    assertThat(happened).containsExactly("previous handler");
  }
}
