package dev.torsion.mail.imap;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;

/**
 * Makes an {@link IMAP4Server} for each connection: Twisted's {@code imap4.IMAP4Server} factory.
 *
 * <pre>{@code
 * reactor.listenTCP(143, new IMAP4Factory(IMAPServerOptions.builder("mail", portal).build(), reactor));
 * }</pre>
 */
public final class IMAP4Factory extends Factory {
  private final IMAPServerOptions options;
  private final ReactorTime clock;

  public IMAP4Factory(IMAPServerOptions options, ReactorTime clock) {
    this.options = options;
    this.clock = clock;
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    IMAP4Server p = new IMAP4Server(options, clock);
    p.setFactory(this);
    return p;
  }
}
