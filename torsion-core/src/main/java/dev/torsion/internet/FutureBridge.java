package dev.torsion.internet;

import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;

/** Converts between Deferreds and the JDK's futures, with cancellation crossing both ways. */
final class FutureBridge {
  private FutureBridge() {}

  static <T> Deferred<T> fromFuture(CompletionStage<? extends T> stage, Executor reactorThread) {
    CompletableFuture<? extends T> future = toFuture(stage);
    Deferred<T> d =
        new Deferred<>(
            self -> {
              if (future != null) {
                future.cancel(false);
              }
            });
    stage.whenComplete(
        (value, error) ->
            reactorThread.execute(
                () -> {
                  if (d.called()) {
                    return; // cancelled first: the Deferred already failed with CancelledError
                  }
                  if (error == null) {
                    d.callback(value);
                    return;
                  }
                  Throwable cause = Failure.of(error).value();
                  if (cause instanceof CancellationException) {
                    CancelledError cancelled = new CancelledError("the future was cancelled");
                    cancelled.initCause(cause);
                    d.errback(cancelled);
                  } else {
                    d.errback(cause);
                  }
                }));
    return d;
  }

  static <T> CompletableFuture<T> asFuture(Deferred<T> d, Executor reactorThread) {
    CompletableFuture<T> future = new CompletableFuture<>();
    d.addCallbacks(
        value -> {
          future.complete(value);
          return null;
        },
        failure -> {
          if (failure.check(CancelledError.class) != null) {
            future.cancel(false);
          } else {
            future.completeExceptionally(failure.value());
          }
          return null;
        });
    if (!future.isDone()) {
      future.whenComplete(
          (value, error) -> {
            if (future.isCancelled()) {
              reactorThread.execute(d::cancel);
            }
          });
    }
    return future;
  }

  private static <T> CompletableFuture<T> toFuture(CompletionStage<T> stage) {
    if (stage instanceof CompletableFuture) {
      return (CompletableFuture<T>) stage;
    }
    try {
      return stage.toCompletableFuture();
    } catch (UnsupportedOperationException e) {
      return null; // a stage with no future behind it cannot be cancelled
    }
  }
}
