package dev.torsion.mail.smtp;

import dev.torsion.internet.Address;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;

/**
 * Makes an {@link ESMTPServer} for each connection: Twisted's {@code smtp.SMTPFactory}.
 *
 * <pre>{@code
 * reactor.listenTCP(25, new ESMTPFactory(options, reactor));
 * }</pre>
 */
public final class ESMTPFactory extends Factory {
  private final SMTPServerOptions options;
  private final ReactorTime clock;

  public ESMTPFactory(SMTPServerOptions options, ReactorTime clock) {
    this.options = options;
    this.clock = clock;
  }

  @Override
  public Protocol buildProtocol(Address addr) {
    ESMTPServer p = new ESMTPServer(options, clock);
    p.setFactory(this);
    return p;
  }
}
