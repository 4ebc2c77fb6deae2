package dev.torsion.mail.relay;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.ReactorTime;
import dev.torsion.mail.smtp.RelayQueue;
import dev.torsion.mail.smtp.SMTPError;
import dev.torsion.mail.smtp.SentMail;
import java.io.IOException;
import java.nio.file.Files;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * Sends what waits in the {@link RelayQueue}: Twisted's {@code SmartHostSMTPRelayingManager}.
 * Each queued message goes to each recipient domain through a {@link Transmitter}; accepted
 * recipients are done, refused ones (5xx) are bounced at once, and the rest (4xx, no connection)
 * are tried again after 1 minute, doubling up to 1 hour, until the message is older than the
 * maximum age (5 days, RFC 5321 4.5.4.1) and they are bounced too. The queue file goes only when
 * every recipient is done, so a restart resumes where the last run stopped.
 *
 * <pre>{@code
 * RelayManager relay = new RelayManager(reactor, queue,
 *     Transmitter.smartHost(reactor, "relay.example.net", 25), bounces, "mail.example.com");
 * relay.start();   // sends what is queued, then each message as it is queued
 * }</pre>
 *
 * <p>All of it runs on the reactor thread, timers on the reactor's clock; queue files are read
 * and rewritten there too (small files; the message bodies are read once per attempt).
 */
public final class RelayManager {
  private static final Logger log = LoggerFactory.getLogger(RelayManager.class);

  private final ReactorTime clock;
  private final RelayQueue queue;
  private final Transmitter transmitter;
  private final Bounces bounces;
  private final String hostname;
  private double firstRetry = 60;
  private double maxRetry = 3600;
  private double maxAge = 5 * 24 * 3600;

  /** Per queue id: when it was first seen (clock seconds) and the next retry. */
  private final Map<String, State> states = new HashMap<>();
  private DelayedCall pendingRun;
  private boolean running;

  private static final class State {
    double firstSeen;
    double delay;
    boolean inFlight;
    DelayedCall retry;
  }

  public RelayManager(ReactorTime clock, RelayQueue queue, Transmitter transmitter,
      Bounces bounces, String hostname) {
    this.clock = clock;
    this.queue = queue;
    this.transmitter = transmitter;
    this.bounces = bounces;
    this.hostname = hostname;
  }

  /** The first retry delay and its cap, in seconds (default 60 and 3600). */
  public RelayManager retryDelays(double first, double max) {
    if (!(first > 0 && max >= first)) {
      throw new IllegalArgumentException("retry delays: " + first + ", " + max);
    }
    this.firstRetry = first;
    this.maxRetry = max;
    return this;
  }

  /** How long a message is retried before it bounces, in seconds (default 5 days). */
  public RelayManager maxAge(double seconds) {
    if (!(seconds > 0)) {
      throw new IllegalArgumentException("max age: " + seconds);
    }
    this.maxAge = seconds;
    return this;
  }

  /** Starts sending: what is queued now, and each message the queue is given later. */
  public void start() {
    running = true;
    queue.onEnqueued(this::wake);
    wake();
  }

  /** Stops the timers; what is in flight finishes, what is queued stays queued. */
  public void stop() {
    running = false;
    queue.onEnqueued(null);
    if (pendingRun != null && pendingRun.active()) {
      pendingRun.cancel();
    }
    for (State s : states.values()) {
      if (s.retry != null && s.retry.active()) {
        s.retry.cancel();
      }
    }
  }

  /**
   * Asks for a queue run soon (on the reactor, after the current callback). Safe from any
   * thread when the clock is a reactor: the queue is fed from the delivery thread pool.
   */
  public void wake() {
    if (clock instanceof dev.torsion.internet.Reactor reactor) {
      reactor.callFromThread(this::wakeOnReactor);
    } else {
      wakeOnReactor();
    }
  }

  private void wakeOnReactor() {
    if (running && (pendingRun == null || !pendingRun.active())) {
      pendingRun = clock.callLater(0, this::runQueue);
    }
  }

  private void runQueue() {
    List<RelayQueue.Entry> entries;
    try {
      entries = queue.entries();
    } catch (IOException e) {
      log.error("relay queue unreadable", e);
      return;
    }
    for (RelayQueue.Entry e : entries) {
      State s = states.computeIfAbsent(e.id(), id -> newState(e));
      if (!s.inFlight && (s.retry == null || !s.retry.active())) {
        attempt(e, s);
      }
    }
  }

  private State newState(RelayQueue.Entry e) {
    State s = new State();
    s.delay = firstRetry;
    // A message queued before a restart keeps its age: the file's time, on our clock.
    double age = 0;
    try {
      age = Math.max(0,
          (System.currentTimeMillis() - Files.getLastModifiedTime(e.message()).toMillis()) / 1e3);
    } catch (IOException ignored) {
      // the age starts now
    }
    s.firstSeen = clock.seconds() - age;
    return s;
  }

  private void attempt(RelayQueue.Entry e, State s) {
    byte[] message;
    try {
      message = Files.readAllBytes(e.message());
    } catch (IOException ex) {
      log.error("relay queue {}: message unreadable", e.id(), ex);
      return;
    }
    s.inFlight = true;
    Map<String, List<String>> byDomain = new LinkedHashMap<>();
    for (String r : e.recipients()) {
      byDomain.computeIfAbsent(domainOf(r), d -> new ArrayList<>()).add(r);
    }
    Map<String, String> answers = new LinkedHashMap<>(); // recipient -> "code text"
    int[] left = {byDomain.size()};
    for (Map.Entry<String, List<String>> d : byDomain.entrySet()) {
      transmitter.send(d.getKey(), e.from(), d.getValue(), message).addCallbacks(sent -> {
        for (SentMail.Recipient r : sent.recipients()) {
          answers.put(r.address(), r.code() + " " + r.text());
        }
        for (String r : d.getValue()) {
          answers.putIfAbsent(r, "250 accepted");
        }
        if (--left[0] == 0) {
          finish(e, s, answers, message);
        }
        return null;
      }, f -> {
        Throwable t = f.value();
        for (String r : d.getValue()) {
          answers.put(r, answerFor(t, r));
        }
        if (--left[0] == 0) {
          finish(e, s, answers, message);
        }
        return null;
      });
    }
  }

  private static String answerFor(Throwable t, String recipient) {
    if (t instanceof SMTPError err) {
      for (SentMail.Recipient r : err.recipients()) {
        if (r.address().equals(recipient)) {
          return r.code() + " " + r.text();
        }
      }
      return err.code() + " " + err.getMessage();
    }
    return "451 4.4.1 " + t; // no connection: a temporary failure (RFC 3463 4.4.1)
  }

  /** Every domain has answered: drop the done, bounce the failed, keep the rest for later. */
  private void finish(RelayQueue.Entry e, State s, Map<String, String> answers, byte[] message) {
    s.inFlight = false;
    boolean expired = clock.seconds() - s.firstSeen >= maxAge;
    Map<String, String> failed = new LinkedHashMap<>();
    List<String> remaining = new ArrayList<>();
    for (String r : e.recipients()) {
      String a = answers.getOrDefault(r, "451 4.3.0 no answer");
      if (a.startsWith("2")) {
        log.info("relay {}: <{}> delivered: {}", e.id(), r, a);
      } else if (a.startsWith("5") || expired) {
        failed.put(r, expired && !a.startsWith("5") ? a + " (gave up after "
            + (long) ((clock.seconds() - s.firstSeen) / 3600) + " hours)" : a);
      } else {
        remaining.add(r);
      }
    }
    if (!failed.isEmpty()) {
      log.warn("relay {}: bouncing {}", e.id(), failed);
      // RFC 5321 6.1: never bounce a bounce (the null reverse-path).
      if (!e.from().isEmpty()) {
        try {
          bounces.send(e.from(), DeliveryStatus.bounce(hostname, e.from(), failed, message));
        } catch (IOException | RuntimeException ex) {
          // Still drop the recipients from the queue: keeping them would send to them again.
          log.error("relay {}: cannot bounce to <{}>", e.id(), e.from(), ex);
        }
      }
    }
    try {
      queue.retain(e, remaining);
    } catch (IOException | RuntimeException ex) {
      log.error("relay queue {}: cannot update", e.id(), ex);
    }
    if (remaining.isEmpty()) {
      states.remove(e.id());
      return;
    }
    if (running) {
      double delay = s.delay;
      s.delay = Math.min(maxRetry, s.delay * 2);
      s.retry = clock.callLater(delay, () -> {
        RelayQueue.Entry now = new RelayQueue.Entry(e.id(), e.from(), remaining, e.message());
        attempt(now, s);
      });
    }
  }

  private static String domainOf(String address) {
    int at = address.lastIndexOf('@');
    return at < 0 ? "" : address.substring(at + 1).toLowerCase(java.util.Locale.ROOT);
  }
}
