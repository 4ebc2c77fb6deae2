package dev.torsion.mail.pop3;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;

/**
 * Makes a {@link POP3Server} for each connection: Twisted's {@code pop3.POP3} factory.
 *
 * <pre>{@code
 * reactor.listenTCP(110, new POP3Factory(POP3ServerOptions.builder("mail", portal).build(), reactor));
 * }</pre>
 */
public final class POP3Factory extends Factory {
  private final POP3ServerOptions options;
  private final ReactorTime clock;

  public POP3Factory(POP3ServerOptions options, ReactorTime clock) {
    this.options = options;
    this.clock = clock;
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    POP3Server p = new POP3Server(options, clock);
    p.setFactory(this);
    return p;
  }
}
