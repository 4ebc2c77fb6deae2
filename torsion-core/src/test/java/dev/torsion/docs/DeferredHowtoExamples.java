package dev.torsion.docs;

import static dev.torsion.internet.Coroutine.await;

import dev.torsion.internet.ConnectError;
import dev.torsion.internet.Coroutine;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DeferredList;
import dev.torsion.internet.DeferredSemaphore;
import dev.torsion.internet.Failure;
import dev.torsion.internet.FirstError;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.task.Task;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.Executor;

/**
 * The examples of docs/deferred.md, compiled and run by {@link DeferredHowtoExamplesTest} so the
 * howto cannot drift from the API. Each section of the document names the method it shows.
 */
final class DeferredHowtoExamples {
  private final ReactorTime clock;

  DeferredHowtoExamples(ReactorTime clock) {
    this.clock = clock;
  }

  /** Stands in for an operation that takes time: a page "fetched" after a second. */
  Deferred<String> getPage(String url) {
    if (url.contains("down")) {
      return Task.deferLater(
          clock,
          1,
          () -> {
            throw new ConnectError(url + ": connection refused");
          });
    }
    return Task.deferLater(clock, 1, () -> "<html>" + url + "</html>");
  }

  // [basics]
  Deferred<Integer> pageLength(String url) {
    return getPage(url)
        .addCallback(page -> page.length()) // runs when the page arrives
        .addErrback(
            f -> {
              f.trap(ConnectError.class); // any other failure goes on down the chain
              return -1; // recovered: the chain goes on with callbacks
            });
  }

  // [chaining]
  Deferred<String> firstLinkOf(String url) {
    return getPage(url)
        .addDeferredCallback(page -> getPage(url + "/next")) // the chain waits for this one
        .addCallback(nextPage -> nextPage.toUpperCase());
  }

  // [addCallbacks]
  Deferred<String> sameStep(Deferred<String> d) {
    return d.addCallbacks(
        value -> {
          if (value.isEmpty()) {
            throw new IllegalStateException("empty");
          }
          return value;
        },
        failure -> "only failures from before this step land here");
  }

  // [timeout]
  Deferred<String> pageWithin(String url, double seconds) {
    return getPage(url)
        .addTimeout(seconds, clock)
        .addErrback(
            f -> {
              f.trap(TimeoutError.class);
              return "(timed out)";
            });
  }

  // [gather]
  Deferred<List<Integer>> allLengths(List<String> urls) {
    List<Deferred<Integer>> lengths = new ArrayList<>();
    for (String url : urls) {
      lengths.add(getPage(url).addCallback(String::length));
    }
    return Deferred.gatherResults(lengths, true)
        .addErrback(
            f -> {
              f.trap(FirstError.class);
              FirstError first = (FirstError) f.value();
              throw new IllegalStateException("url #" + first.index() + " failed", first.subFailure());
            });
  }

  // [deferredlist]
  Deferred<String> report(List<String> urls) {
    List<Deferred<String>> pages = new ArrayList<>();
    for (String url : urls) {
      pages.add(getPage(url));
    }
    return new DeferredList<>(pages, false, false, true)
        .addCallback(
            outcomes -> {
              StringBuilder sb = new StringBuilder();
              for (DeferredList.Outcome<String> o : outcomes) {
                sb.append(o.index()).append(o.success() ? " ok" : " failed").append('\n');
              }
              return sb.toString();
            });
  }

  // [semaphore]
  Deferred<List<String>> fetchTwoAtATime(List<String> urls) {
    DeferredSemaphore sem = new DeferredSemaphore(2);
    List<Deferred<String>> pages = new ArrayList<>();
    for (String url : urls) {
      pages.add(sem.run(() -> getPage(url)));
    }
    return Deferred.gatherResults(pages);
  }

  // [coroutine]
  Deferred<Integer> wordsInPages(String url, String mirror) {
    return Coroutine.inlineCallbacks(
        () -> {
          String page;
          try {
            page = await(getPage(url));
          } catch (ConnectError e) {
            page = await(getPage(mirror));
          }
          return page.split("/").length;
        });
  }

  // [futures]
  Deferred<String> fromJdk(CompletableFuture<String> future, Executor reactorThread) {
    return Deferred.fromFuture(future, reactorThread).addCallback(s -> "jdk said " + s);
  }

  CompletableFuture<Integer> toJdk(String url) {
    return pageLength(url).asFuture();
  }

  // [cancel]
  Deferred<String> cancellable() {
    Deferred<String> d = getPage("http://slow.example/");
    d.cancel(); // deferLater's canceller stops the timer; d fails with CancelledError
    return d.addErrback(Failure::getErrorMessage);
  }
}
