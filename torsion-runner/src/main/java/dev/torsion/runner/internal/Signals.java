package dev.torsion.runner.internal;

import dev.torsion.internet.Reactor;
import java.util.concurrent.atomic.AtomicInteger;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;
import sun.misc.Signal;

/**
 * SIGTERM and SIGINT: the first asks the reactor to stop gracefully, a second one exits at once.
 * The JDK offers no public signal API; {@code sun.misc.Signal} (module jdk.unsupported) is the
 * supported-in-practice way, and replacing the JVM's own handler is what lets the first signal be
 * graceful instead of running shutdown hooks on a live reactor.
 */
final class Signals {
  private static final Logger LOG = LoggerFactory.getLogger("dev.torsion.runner");

  private Signals() {}

  static void install(Reactor reactor, Runnable beforeHalt) {
    AtomicInteger received = new AtomicInteger();
    for (String name : new String[] {"TERM", "INT"}) {
      Signal.handle(
          new Signal(name),
          sig -> {
            if (received.incrementAndGet() == 1) {
              LOG.info("received SIG{}, shutting down", sig.getName());
              reactor.callFromThread(reactor::stop);
            } else {
              LOG.warn("received SIG{} again, exiting at once", sig.getName());
              beforeHalt.run();
              Runtime.getRuntime().halt(128 + sig.getNumber());
            }
          });
    }
  }
}
