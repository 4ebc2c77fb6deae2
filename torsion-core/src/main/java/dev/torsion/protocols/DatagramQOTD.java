package dev.torsion.protocols;

import dev.torsion.internet.Address;
import dev.torsion.internet.DatagramProtocol;
import java.nio.charset.StandardCharsets;

/**
 * Answers any datagram with a quote (RFC 865 over UDP): the datagram counterpart of {@link QOTD}.
 *
 * <pre>{@code
 * reactor.listenUDP(17, new DatagramQOTD("Now is better than never.\r\n"));
 * }</pre>
 */
public class DatagramQOTD extends DatagramProtocol {
  private final byte[] quote;

  /** Twisted's default quote. */
  public DatagramQOTD() {
    this(QOTD.DEFAULT_QUOTE);
  }

  /** Answers with {@code quote} as UTF-8; RFC 865 asks for under 512 characters. */
  public DatagramQOTD(String quote) {
    this.quote = quote.getBytes(StandardCharsets.UTF_8);
  }

  @Override
  public void datagramReceived(byte[] data, Address addr) {
    transport.write(getQuote(), addr);
  }

  /** The quote to send; override for a different one each time. */
  protected byte[] getQuote() {
    return quote.clone();
  }
}
