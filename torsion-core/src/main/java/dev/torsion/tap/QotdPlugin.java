package dev.torsion.tap;

import dev.torsion.application.Service;
import dev.torsion.internet.DatagramProtocol;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.DatagramQOTD;
import dev.torsion.protocols.QOTD;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torsion qotd}: RFC 865, a quote of the day, over TCP and UDP.
 *
 * <pre>{@code
 * ./torsion qotd --listen tcp:8017
 * }</pre>
 */
public final class QotdPlugin extends SmallServerPlugin {
  private String quote;

  public QotdPlugin() {
    super("qotd", "RFC 865 quote-of-the-day server over TCP and UDP", 8017);
  }

  @Override
  public List<Option> options() {
    List<Option> options = new ArrayList<>(super.options());
    options.add(Option.value("quote", "TEXT", null, "the quote to serve (default: a built-in one)"));
    return options;
  }

  @Override
  public Service makeService(Options options) {
    quote = options.get("quote");
    return super.makeService(options);
  }

  @Override
  Factory factory(Reactor reactor) {
    String q = quote;
    return Factory.forProtocol(() -> q == null ? new QOTD() : new QOTD(q + "\r\n"));
  }

  @Override
  DatagramProtocol datagram(Reactor reactor) {
    return quote == null ? new DatagramQOTD() : new DatagramQOTD(quote + "\r\n");
  }
}
