package dev.torsion.protocols;

import dev.torsion.internet.Protocol;
import java.nio.charset.StandardCharsets;

/**
 * Sends a quote and closes (RFC 865, Quote of the Day): Twisted's {@code wire.QOTD}.
 *
 * <pre>{@code
 * reactor.listenTCP(17, Factory.forProtocol(() -> new QOTD("Simple is better than complex.\r\n")));
 * }</pre>
 *
 * <p>Override {@link #getQuote} to pick a new quote per connection.
 */
public class QOTD extends Protocol {
  static final String DEFAULT_QUOTE = "An apple a day keeps the doctor away.\r\n";

  private final byte[] quote;

  /** Twisted's default quote. */
  public QOTD() {
    this(DEFAULT_QUOTE);
  }

  /** Sends {@code quote} as UTF-8; RFC 865 asks for under 512 characters, ending in CRLF. */
  public QOTD(String quote) {
    this.quote = quote.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void connectionMade() {
    transport.write(getQuote());
    transport.loseConnection();
  }

  /** The quote to send; override for a different one each time. */
  protected byte[] getQuote() {
    return quote.clone();
  }
}
