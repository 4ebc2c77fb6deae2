package dev.torsion.mail.relay;

import dev.torsion.application.Service;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.ReactorTime;
import dev.torsion.mail.MailDomains;
import dev.torsion.mail.smtp.MailAddress;
import dev.torsion.mail.smtp.RelayQueue;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/**
 * The {@link RelayManager} as a service of the {@code mail} plugin: it runs the queue while the
 * service runs, and delivers bounces to the sender's Maildir when the sender is local, else
 * queues them (from the null sender) like any other relayed message.
 *
 * <pre>{@code
 * new RelayService(reactor, domains, queue, Transmitter.smartHost(reactor, "relay", 25), "mx")
 *     .setServiceParent(application);
 * }</pre>
 */
public final class RelayService extends Service {
  private final RelayManager manager;

  public RelayService(ReactorTime clock, MailDomains domains, RelayQueue queue,
      Transmitter transmitter, String hostname) {
    this.manager = new RelayManager(clock, queue, transmitter,
        (to, dsn) -> bounce(domains, queue, to, dsn), hostname);
  }

  /** The manager, to set its retry delays and maximum age before the service starts. */
  public RelayManager manager() {
    return manager;
  }

  @Override
  public Deferred<Void> startService() {
    Deferred<Void> d = super.startService();
    manager.start();
    return d;
  }

  @Override
  public Deferred<Void> stopService() {
    Deferred<Void> d = super.stopService();
    manager.stop();
    return d;
  }

  private static void bounce(MailDomains domains, RelayQueue queue, String to, byte[] dsn)
      throws IOException {
    MailAddress address = MailAddress.parse(to);
    Files.createDirectories(domains.spool());
    Path file = Files.createTempFile(domains.spool(), "dsn", ".tmp");
    try {
      Files.write(file, dsn);
      String user = domains.isLocal(address.domain()) ? domains.userFor(to) : null;
      if (user != null) {
        domains.maildirFor(user).deliver(file);
      } else if (!domains.isLocal(address.domain())) {
        queue.enqueue(null, List.of(address), file);
      } // a local sender that no longer exists: nowhere to put it
    } finally {
      Files.deleteIfExists(file);
    }
  }
}
