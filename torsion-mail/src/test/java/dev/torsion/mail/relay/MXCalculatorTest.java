package dev.torsion.mail.relay;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Deferred;
import dev.torsion.mail.smtp.SMTPError;
import dev.torsion.names.DNSNameError;
import dev.torsion.names.RRHeader;
import dev.torsion.names.Record;
import dev.torsion.names.client.DNSResolver;
import dev.torsion.names.client.Result;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** MX answers to host lists, on a resolver that answers from a list. */
class MXCalculatorTest {
  private static Object getMX(DNSResolver r, String domain) {
    Object[] out = new Object[1];
    new MXCalculator(r).getMX(domain).addCallbacks(v -> out[0] = v, f -> out[0] = f.value());
    return out[0];
  }

  private static DNSResolver answering(Record.MX... mxs) {
    List<RRHeader> rrs = new ArrayList<>();
    for (Record.MX mx : mxs) {
      rrs.add(new RRHeader("example.org", 300, mx));
    }
    return new DNSResolver() {
      @Override
      public Deferred<dev.torsion.names.Message> query(dev.torsion.names.Query q) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Deferred<Result> lookupMailExchange(String name) {
        return Deferred.succeed(new Result(rrs, List.of(), List.of()));
      }
    };
  }

  @Test
  void hostsComeInPreferenceOrder() {
    assertThat(getMX(answering(new Record.MX(20, "c.example.org."), new Record.MX(5,
        "a.example.org."), new Record.MX(10, "b.example.org.")), "example.org"))
        .isEqualTo(List.of("a.example.org", "b.example.org", "c.example.org"));
  }

  @Test
  void aDomainWithoutMxIsItsOwnExchanger() {
    assertThat(getMX(answering(), "example.org")).isEqualTo(List.of("example.org"));
  }

  @Test
  void theNullMxRefusesMailPermanently() {
    assertThat(getMX(answering(new Record.MX(0, ".")), "example.org"))
        .isInstanceOfSatisfying(SMTPError.class, e -> assertThat(e.code()).isEqualTo(556));
  }

  @Test
  void aDomainThatDoesNotExistIsAPermanentFailure() {
    DNSResolver nx = new DNSResolver() {
      @Override
      public Deferred<dev.torsion.names.Message> query(dev.torsion.names.Query q) {
        throw new UnsupportedOperationException();
      }

      @Override
      public Deferred<Result> lookupMailExchange(String name) {
        return Deferred.fail(new DNSNameError("no such name: " + name));
      }
    };
    assertThat(getMX(nx, "nx.example.org"))
        .isInstanceOfSatisfying(SMTPError.class, e -> assertThat(e.code()).isEqualTo(550));
  }
}
