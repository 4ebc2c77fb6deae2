import dev.torsion.application.Application;
import dev.torsion.application.Service;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DeferredSemaphore;
import dev.torsion.internet.Reactor;
import dev.torsion.web.client.Agent;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.HttpConnectionPool;
import dev.torsion.web.client.RedirectAgent;
import java.io.IOException;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Consumer;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * A web crawler in callback style: fetches a page with the HTTP Agent, follows its links on the
 * same host down to a depth, at most N requests at a time (a DeferredSemaphore), and collects
 * each URL's error instead of giving up on the first. CoroutineCrawler.java is the same crawler
 * written with {@code await}.
 *
 * <pre>
 *   ./torsion web --listen tcp:8080 --path examples/site     # in one terminal: a small site
 *   ./torsion run examples/WebCrawler.java                   # -Dcrawl.url= -Dcrawl.depth= -Dcrawl.concurrency=
 * </pre>
 */
public final class WebCrawler {
  static final Pattern HREF = Pattern.compile("href\\s*=\\s*[\"']([^\"'#]+)");

  static final class Crawler {
    final Map<String, String> pages = new TreeMap<>();   // url -> title, or "" if none
    final Map<String, String> errors = new TreeMap<>();  // url -> what went wrong
    private final Set<String> seen = new HashSet<>();
    private final Reactor reactor;
    private final Agent agent;
    private final DeferredSemaphore limit;
    private final int maxDepth;
    private final Consumer<String> progress;

    Crawler(Reactor reactor, Agent agent, int concurrency, int maxDepth, Consumer<String> progress) {
      this.reactor = reactor;
      this.agent = agent;
      this.limit = new DeferredSemaphore(concurrency);
      this.maxDepth = maxDepth;
      this.progress = progress;
    }

    /** Visits {@code url} and, below {@code maxDepth}, its links; fires when all are done. */
    Deferred<Void> visit(String url, int depth) {
      if (!seen.add(url)) {
        return Deferred.succeed(null);
      }
      Deferred<String> page = limit.run(() -> fetch(url)); // waits for one of N tokens
      return page.addCallbacks(
              html -> {
                pages.put(url, title(html));
                progress.accept("fetched " + url + " (depth " + depth + ")");
                return depth < maxDepth ? links(url, html) : List.<String>of();
              },
              failure -> {
                errors.put(url, failure.getErrorMessage());
                progress.accept("failed  " + url + ": " + failure.getErrorMessage());
                return List.<String>of(); // one bad URL does not stop the crawl
              })
          .addDeferredCallback(links -> visitAll(links, depth + 1));
    }

    private Deferred<Void> visitAll(List<String> urls, int depth) {
      List<Deferred<Void>> visits = new ArrayList<>();
      for (String url : urls) {
        visits.add(visit(url, depth));
      }
      return Deferred.gatherResults(visits).addCallback(done -> null);
    }

    /** GETs {@code url}: fires with the body, or fails for a non-2xx answer or after 10 s. */
    private Deferred<String> fetch(String url) {
      return agent.request("GET", url, null, null)
          .addDeferredCallback(response -> response.readBody(1 << 20).addCallback(body -> {
            if (response.code() / 100 != 2) {
              throw new IOException("HTTP " + response.code() + " " + response.phrase());
            }
            return new String(body, StandardCharsets.UTF_8);
          }))
          .addTimeout(10, reactor);
    }
  }

  /** The http(s) links in {@code html} that stay on {@code base}'s host, made absolute. */
  static List<String> links(String base, String html) {
    URI from = URI.create(base);
    List<String> found = new ArrayList<>();
    Matcher m = HREF.matcher(html);
    while (m.find()) {
      try {
        URI link = from.resolve(m.group(1).strip());
        if (link.getScheme() != null && link.getScheme().startsWith("http")
            && from.getAuthority().equals(link.getAuthority())) {
          found.add(link.toString());
        }
      } catch (IllegalArgumentException badLink) {
        // not a URI: skip it, as a browser would
      }
    }
    return found;
  }

  static String title(String html) {
    Matcher m = Pattern.compile("<title>([^<]*)</title>", Pattern.CASE_INSENSITIVE).matcher(html);
    return m.find() ? m.group(1).strip() : "";
  }

  public static Application application(Reactor reactor) {
    String start = System.getProperty("crawl.url", "http://localhost:8080/");
    int depth = Integer.getInteger("crawl.depth", 2);
    int concurrency = Integer.getInteger("crawl.concurrency", 4);
    Application app = new Application("crawler");
    new Service() {
      @Override
      public Deferred<Void> startService() {
        super.startService();
        HttpConnectionPool pool = new HttpConnectionPool(reactor);
        Agent agent = new RedirectAgent(new HttpAgent(reactor, pool));
        Crawler crawler = new Crawler(reactor, agent, concurrency, depth, System.out::println);
        crawler.visit(start, 0)
            .addCallback(done -> {
              System.out.println(crawler.pages.size() + " pages, " + crawler.errors.size() + " errors");
              crawler.pages.forEach((url, title) -> System.out.println("  page  " + url + "  " + title));
              crawler.errors.forEach((url, why) -> System.out.println("  error " + url + "  " + why));
              return null;
            })
            .addDeferredCallback(done -> pool.closeCachedConnections())
            .addBoth(done -> {
              reactor.stop();
              return null;
            });
        return null;
      }
    }.setServiceParent(app);
    return app;
  }
}
