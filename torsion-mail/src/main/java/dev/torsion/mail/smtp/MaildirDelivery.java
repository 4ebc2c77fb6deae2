package dev.torsion.mail.smtp;

import dev.torsion.internet.Address;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.Threads;
import dev.torsion.mail.MailDomains;
import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * The delivery of the {@code mail} server: local recipients' messages go to their Maildirs,
 * others into the relay queue, for authenticated users and relay networks only. Twisted's {@code
 * ESMTPDomainDelivery} over Maildir domains.
 *
 * <pre>{@code
 * MessageDelivery d = new MaildirDelivery(domains, List.of(Network.parse("10.0.0.0/8")), queue);
 * }</pre>
 */
public final class MaildirDelivery implements MessageDelivery {
  private final MailDomains domains;
  private final List<Network> relayNetworks;
  private final RelayQueue queue;
  private final Reactor reactor;

  /**
   * @param relayNetworks the sources that may relay without AUTH
   * @param queue where foreign mail waits, or null to relay nothing
   */
  public MaildirDelivery(MailDomains domains, List<Network> relayNetworks, RelayQueue queue) {
    this(domains, relayNetworks, queue, null);
  }

  /**
   * Like the other constructor, but the disk work of each delivery (links, copies and renames
   * into every Maildir and the queue) runs on {@code reactor}'s thread pool, so a slow
   * disk never stalls the reactor; the server holds the client's further commands until it is
   * done, so replies stay in order. With a null reactor, delivery runs on the calling thread.
   */
  public MaildirDelivery(MailDomains domains, List<Network> relayNetworks, RelayQueue queue,
      Reactor reactor) {
    this.domains = domains;
    this.relayNetworks = List.copyOf(relayNetworks);
    this.queue = queue;
    this.reactor = reactor;
  }

  @Override
  public String validateTo(MailAddress to, String authenticatedUser, Address peer) {
    if (domains.isLocal(to.domain())) {
      if (domains.userFor(to.toString()) == null) {
        return "550 5.1.1 <" + to + ">: Recipient address rejected: no such user";
      }
      return null;
    }
    if (queue != null && (authenticatedUser != null || mayRelay(peer))) {
      return null; // queued now, MX looked up at delivery
    }
    return "554 5.7.1 <" + to + ">: Relay access denied";
  }

  private boolean mayRelay(Address peer) {
    for (Network n : relayNetworks) {
      if (n.contains(peer)) {
        return true;
      }
    }
    return false;
  }

  @Override
  public Path spoolDirectory() {
    return domains.spool();
  }

  @Override
  public Deferred<Void> deliver(Envelope envelope, Path spooled) {
    if (reactor != null) {
      return Threads.deferToThread(reactor, () -> {
        write(envelope, spooled);
        return null;
      });
    }
    try {
      write(envelope, spooled);
      return Deferred.succeed(null);
    } catch (IOException | RuntimeException e) {
      return Deferred.fail(e);
    }
  }

  private void write(Envelope envelope, Path spooled) throws IOException {
    {
      List<MailAddress> foreign = new ArrayList<>();
      for (MailAddress to : envelope.recipients()) {
        String user = domains.isLocal(to.domain()) ? domains.userFor(to.toString()) : null;
        if (user != null) {
          domains.maildirFor(user).deliver(spooled);
        } else {
          foreign.add(to);
        }
      }
      if (!foreign.isEmpty()) {
        queue.enqueue(envelope.from(), foreign, spooled);
      }
    }
  }
}
