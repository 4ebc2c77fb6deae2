package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.ListeningPort;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.TrialTimeout;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.HttpConnectionPool;
import dev.torsion.web.client.RedirectAgent;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.lang.reflect.Method;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.function.Consumer;
import org.junit.jupiter.api.Test;

/**
 * examples/WebCrawler.java and CoroutineCrawler.java against a small site served by the web
 * module's Site on a free port, then the tutorial's way: `torsion web --path examples/site` and
 * `torsion run examples/WebCrawler.java` as two processes.
 */
@TrialTimeout(30)
class CrawlerTest {
  /** Every page answers after a short delay, so that concurrent requests overlap and are counted. */
  static final class TestSite extends Resource {
    static final Map<String, String> PAGES = Map.of(
        "/", "<title>Home</title><a href=\"a\">a</a> <a href='b'>b</a> <a href=\"missing\">x</a>"
            + " <a href=\"boom\">boom</a> <a href=\"http://elsewhere.invalid/\">far</a>",
        "/a", "<title>A</title><a href=\"/b\">b</a><a href=\"c#top\">c</a><a href=\"/\">home</a>",
        "/b", "<title>B</title><a href=\"a\">a</a>",
        "/c", "<title>C</title><a href=\"d\">too deep</a>",
        "/d", "<title>D</title>");
    private final Reactor reactor;
    int inFlight;
    int maxInFlight;
    final List<String> requested = new ArrayList<>();

    TestSite(Reactor reactor) {
      this.reactor = reactor;
    }

    @Override
    public boolean isLeaf() {
      return true;
    }

    @Override
    protected byte[] renderGet(Request request) {
      requested.add(request.getPath());
      maxInFlight = Math.max(maxInFlight, ++inFlight);
      reactor.callLater(0.02, () -> {
        inFlight--;
        String page = PAGES.get(request.getPath());
        if (request.getPath().equals("/boom")) {
          request.setResponseCode(500);
          page = "oops";
        } else if (page == null) {
          request.setResponseCode(404);
          page = "no such page";
        }
        request.writeAndFinish(page.getBytes(StandardCharsets.UTF_8));
      });
      return Site.NOT_DONE_YET;
    }
  }

  @DeferredTest
  Deferred<?> theCallbackCrawlerFollowsLinksToTheDepthTwoAtATime(Reactor reactor) throws Exception {
    return crawl(reactor, "WebCrawler");
  }

  @DeferredTest
  Deferred<?> theCoroutineCrawlerFindsExactlyTheSame(Reactor reactor) throws Exception {
    return crawl(reactor, "CoroutineCrawler");
  }

  @SuppressWarnings("unchecked")
  private static Deferred<?> crawl(Reactor reactor, String example) throws Exception {
    TestSite site = new TestSite(reactor);
    ListeningPort port = reactor.listenTCP(0, new Site(site, reactor), 50, "127.0.0.1");
    String base = "http://127.0.0.1:" + ((IPv4Address) port.getHost()).port();
    // Persistent connections, as the examples use them: closeCachedConnections at the end must
    // leave no connection or idle timer behind for trial's dirty-reactor check.
    HttpConnectionPool pool = new HttpConnectionPool(reactor);
    List<String> progress = new ArrayList<>();
    Object crawler = Example.load(example).make("Crawler", reactor,
        new RedirectAgent(new HttpAgent(reactor, pool)), 2, 2, (Consumer<String>) progress::add);
    Method visit = crawler.getClass().getDeclaredMethod("visit", String.class, int.class);
    visit.setAccessible(true);
    Deferred<Void> done = (Deferred<Void>) visit.invoke(crawler, base + "/", 0);
    return done
        .addCallback(ok -> {
          Map<String, String> pages = (Map<String, String>) field(crawler, "pages");
          Map<String, String> errors = (Map<String, String>) field(crawler, "errors");
          assertThat(pages).containsExactlyInAnyOrderEntriesOf(Map.of(
              base + "/", "Home", base + "/a", "A", base + "/b", "B", base + "/c", "C"));
          assertThat(errors).containsOnlyKeys(base + "/missing", base + "/boom");
          assertThat(errors.get(base + "/missing")).contains("404");
          assertThat(errors.get(base + "/boom")).contains("500");
          assertThat(site.requested).as("each page once; /d is past the depth").hasSize(6)
              .doesNotHaveDuplicates().doesNotContain("/d");
          assertThat(site.maxInFlight).as("the semaphore's limit").isBetween(1, 2);
          assertThat(progress).contains("fetched " + base + "/c (depth 2)");
          return null;
        })
        .addDeferredCallback(ok -> pool.closeCachedConnections())
        .addDeferredCallback(ok -> port.stopListening());
  }

  private static Object field(Object o, String name) {
    try {
      java.lang.reflect.Field f = o.getClass().getDeclaredField(name);
      f.setAccessible(true);
      return f.get(o);
    } catch (ReflectiveOperationException e) {
      throw new AssertionError(e);
    }
  }

  @Test
  void asTheTutorialShowsBothCrawlersPrintTheSameReportOfTheExampleSite() throws Exception {
    try (ExampleProcess web = ExampleProcess.torsion(new String[0],
        "web", "--listen", "tcp:0:interface=127.0.0.1", "--path", "examples/site")) {
      int port = web.awaitListeningPort();
      List<String> reports = new ArrayList<>();
      for (String example : List.of("WebCrawler", "CoroutineCrawler")) {
        try (ExampleProcess crawler = ExampleProcess.run(example,
            "-Dcrawl.url=http://127.0.0.1:" + port + "/", "-Dcrawl.concurrency=2")) {
          assertThat(crawler.waitFor()).as(crawler.output()).isZero();
          String report = crawler.output().substring(crawler.output().indexOf(" pages, "));
          report = report.substring(0, report.indexOf("\n", report.indexOf("  error ")));
          reports.add(report);
          assertThat(crawler.lines()).contains(
              "5 pages, 1 errors",
              "  page  http://127.0.0.1:" + port + "/docs/deep.html  Deep",
              "  error http://127.0.0.1:" + port + "/missing.html  HTTP 404 Not Found");
        }
      }
      assertThat(reports.get(1)).isEqualTo(reports.get(0));
      web.terminate();
      assertThat(web.waitFor()).isZero();
    }
  }
}
