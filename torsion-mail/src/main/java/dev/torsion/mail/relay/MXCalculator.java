package dev.torsion.mail.relay;

import dev.torsion.internet.Deferred;
import dev.torsion.mail.smtp.SMTPError;
import dev.torsion.names.Record;
import dev.torsion.names.RRHeader;
import dev.torsion.names.client.DNSResolver;
import java.util.ArrayList;
import java.util.Collections;
import java.util.List;

/**
 * Finds where mail for a domain goes: Twisted's {@code relaymanager.MXCalculator}. The domain's MX
 * records in preference order (equal preferences shuffled, RFC 5321 5.1), or the domain itself
 * when it has none (the implicit MX: its A/AAAA records); a domain that does not exist, or that
 * publishes the null MX (RFC 7505), fails with a permanent {@link SMTPError}.
 *
 * <pre>{@code
 * new MXCalculator(DNSClient.fromResolvConf(reactor, resolvConf)).getMX("example.org")
 *     .addCallback(hosts -> hosts);   // ["mx1.example.org", "mx2.example.org"]
 * }</pre>
 */
public final class MXCalculator {
  private final DNSResolver resolver;

  /** Looks MX records up with {@code resolver} (inject one to keep tests off resolv.conf). */
  public MXCalculator(DNSResolver resolver) {
    this.resolver = resolver;
  }

  /** The resolver, for the hosts' own addresses. */
  public DNSResolver resolver() {
    return resolver;
  }

  /** The mail exchangers of {@code domain}, most preferred first. */
  public Deferred<List<String>> getMX(String domain) {
    return resolver.lookupMailExchange(domain).addCallbacks(result -> {
      List<Record.MX> mxs = new ArrayList<>();
      for (RRHeader rr : result.answers()) {
        if (rr.payload() instanceof Record.MX mx) {
          mxs.add(mx);
        }
      }
      if (mxs.isEmpty()) {
        return List.of(domain); // RFC 5321 5.1: the domain is its own MX
      }
      Collections.shuffle(mxs);
      mxs.sort((a, b) -> Integer.compare(a.preference(), b.preference())); // stable: ties stay shuffled
      List<String> hosts = new ArrayList<>();
      for (Record.MX mx : mxs) {
        String host = mx.exchange().endsWith(".")
            ? mx.exchange().substring(0, mx.exchange().length() - 1) : mx.exchange();
        if (host.isEmpty()) {
          if (mxs.size() == 1) { // RFC 7505 3: "MX 0 ." means this domain takes no mail
            throw new SMTPError(556, "5.1.10 " + domain + " accepts no mail (null MX)",
                List.of());
          }
          continue;
        }
        if (!hosts.contains(host)) {
          hosts.add(host);
        }
      }
      return hosts;
    }, f -> {
      if (f.value() instanceof dev.torsion.names.DNSNameError) {
        throw new SMTPError(550, "5.1.2 " + domain + ": no such domain", List.of());
      }
      throw f.value() instanceof Exception e ? e : new RuntimeException(f.value());
    });
  }
}
