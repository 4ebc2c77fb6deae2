import static dev.torsion.internet.Coroutine.await;

import dev.torsion.application.Application;
import dev.torsion.application.Service;
import dev.torsion.internet.Coroutine;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.DeferredSemaphore;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Reactor;
import dev.torsion.web.client.Agent;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.HttpConnectionPool;
import dev.torsion.web.client.RedirectAgent;
import dev.torsion.web.client.Response;
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
 * WebCrawler.java again, in coroutine style: {@code Coroutine.inlineCallbacks} and {@code await}
 * (Twisted's {@code inlineCallbacks}/{@code yield}) let the same steps read top to bottom, with
 * a plain try/catch for the per-URL errors. Same site, same output; compare the two
 * {@code visit} and {@code fetch} methods side by side.
 *
 * <pre>
 *   ./torsion web --listen tcp:8080 --path examples/site
 *   ./torsion run examples/CoroutineCrawler.java      # -Dcrawl.url= -Dcrawl.depth= -Dcrawl.concurrency=
 * </pre>
 *
 * The code between two awaits runs while the reactor waits for it, as a callback would: it must
 * not block, and it may touch the crawler's maps without locks.
 */
public final class CoroutineCrawler {
  static final Pattern HREF = Pattern.compile("href\\s*=\\s*[\"']([^\"'#]+)");

  static final class Crawler {
    final Map<String, String> pages = new TreeMap<>();
    final Map<String, String> errors = new TreeMap<>();
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

    Deferred<Void> visit(String url, int depth) {
      return Coroutine.inlineCallbacks(() -> {
        if (!seen.add(url)) {
          return null;
        }
        String html;
        try {
          html = await(limit.<String>run(() -> fetch(url)));
        } catch (RuntimeException e) { // await throws the failure (checked ones wrapped in a Failure)
          String why = Failure.of(e).getErrorMessage();
          errors.put(url, why);
          progress.accept("failed  " + url + ": " + why);
          return null;
        }
        pages.put(url, title(html));
        progress.accept("fetched " + url + " (depth " + depth + ")");
        if (depth < maxDepth) {
          List<Deferred<Void>> children = new ArrayList<>();
          for (String link : links(url, html)) {
            children.add(visit(link, depth + 1)); // all started at once; the semaphore paces them
          }
          await(Deferred.gatherResults(children));
        }
        return null;
      });
    }

    private Deferred<String> fetch(String url) {
      return Coroutine.inlineCallbacks(() -> {
        Response response = await(agent.request("GET", url, null, null).addTimeout(10, reactor));
        byte[] body = await(response.readBody(1 << 20).addTimeout(10, reactor));
        if (response.code() / 100 != 2) {
          throw new IOException("HTTP " + response.code() + " " + response.phrase());
        }
        return new String(body, StandardCharsets.UTF_8);
      });
    }
  }

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
        Coroutine.inlineCallbacks(() -> {
          HttpConnectionPool pool = new HttpConnectionPool(reactor);
          Crawler crawler = new Crawler(reactor, new RedirectAgent(new HttpAgent(reactor, pool)),
              concurrency, depth, System.out::println);
          try {
            await(crawler.visit(start, 0));
            System.out.println(crawler.pages.size() + " pages, " + crawler.errors.size() + " errors");
            crawler.pages.forEach((url, title) -> System.out.println("  page  " + url + "  " + title));
            crawler.errors.forEach((url, why) -> System.out.println("  error " + url + "  " + why));
            await(pool.closeCachedConnections());
          } finally {
            reactor.stop();
          }
          return null;
        });
        return null;
      }
    }.setServiceParent(app);
    return app;
  }
}
