package dev.torsion.internet.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.endpoints.internal.Description;
import dev.torsion.trial.MemoryReactor;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Endpoint description strings under Jazzer: Description (the tokenizer shared by every
 * endpoint type) and Endpoints.serverFromString / clientFromString for the types that only
 * build an endpoint (tcp, tcp6, unix, haproxy, socks5; not ssl, which reads key files, nor
 * systemd). Only IllegalArgumentException escapes, and its message quotes the description;
 * and arguments quoted with Endpoints.quoteStringArgument and joined split back into the same
 * arguments and options. Seeds in EndpointStringsFuzzTestInputs/.
 */
class EndpointStringsFuzzTest {
  private static final MemoryReactor REACTOR = new MemoryReactor();
  private static final String[] TYPES = {"tcp", "tcp6", "unix", "haproxy:tcp", "haproxy:unix", "socks5"};

  @FuzzTest(maxDuration = "20s")
  void descriptions(FuzzedDataProvider data) {
    int n = data.consumeInt(0, 6);
    List<String> args = new ArrayList<>();
    Map<String, String> kwargs = new LinkedHashMap<>();
    StringBuilder joined = new StringBuilder();
    for (int i = 0; i < n; i++) {
      boolean option = data.consumeBoolean();
      String a = data.consumeString(40);
      if (joined.length() > 0 || i > 0) {
        joined.append(':');
      }
      if (option && !kwargs.containsKey(a)) {
        String v = data.consumeString(40);
        kwargs.put(a, v);
        joined.append(Endpoints.quoteStringArgument(a)).append('=')
            .append(Endpoints.quoteStringArgument(v));
      } else {
        args.add(a);
        joined.append(Endpoints.quoteStringArgument(a));
      }
    }
    if (n == 0) {
      args.add("");
    }
    Description d = Description.parse(joined.toString());
    assertThat(d.args()).isEqualTo(args);
    assertThat(d.kwargs()).isEqualTo(kwargs);
    // And any text at all: a description or an IllegalArgumentException.
    String raw = data.consumeRemainingAsString();
    try {
      Description.parse(raw);
    } catch (IllegalArgumentException refused) {
      // a dangling backslash or a repeated option
    }
  }

  @FuzzTest(maxDuration = "20s")
  void endpoints(FuzzedDataProvider data) {
    String type = data.pickValue(TYPES);
    boolean server = data.consumeBoolean();
    String description = type + ":" + data.consumeRemainingAsString();
    String lower = description.toLowerCase(Locale.ROOT);
    if (lower.contains("ssl") || lower.contains("tls") || lower.contains("systemd")) {
      return; // those read files or the environment: configuration, not fuzz input
    }
    try {
      Object endpoint = server ? Endpoints.serverFromString(REACTOR, description)
          : Endpoints.clientFromString(REACTOR, description);
      assertThat(endpoint).isNotNull();
    } catch (IllegalArgumentException refused) {
      assertThat(refused.getMessage()).endsWith(" in '" + description + "'");
    }
  }
}
