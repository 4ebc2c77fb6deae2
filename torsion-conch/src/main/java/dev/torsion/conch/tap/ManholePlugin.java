package dev.torsion.conch.tap;

import dev.torsion.application.Service;
import dev.torsion.conch.manhole.Manhole;
import dev.torsion.conch.manhole.ManholeTelnet;
import dev.torsion.internet.Factory;
import dev.torsion.plugin.CommonOptions;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.UsageError;
import java.util.List;

/**
 * {@code torsion manhole --telnet tcp:8023:interface=127.0.0.1}: a Java shell (JShell) into
 * this process over telnet, with {@code reactor} bound; Twisted's {@code twistd manhole}.
 * Telnet has no login and no encryption, so a listener off loopback is refused unless
 * {@code --allow-remote-telnet} says otherwise.
 */
public final class ManholePlugin implements Plugin {
  @Override
  public String name() {
    return "manhole";
  }

  @Override
  public String description() {
    return "Java shell (JShell) into this process over telnet, like twistd manhole";
  }

  @Override
  public List<Option> options() {
    return List.of(
        CommonOptions.listen("telnet", "tcp:8023:interface=127.0.0.1",
            "where the telnet manhole listens (loopback only unless --allow-remote-telnet)"),
        Option.flag("allow-remote-telnet",
            "let the telnet manhole listen beyond loopback: anyone who reaches it runs code here"));
  }

  static boolean loopback(String endpoint) {
    String e = endpoint.toLowerCase(java.util.Locale.ROOT);
    return e.startsWith("unix:") || e.contains("interface=127.") || e.contains("interface=localhost")
        || e.contains("interface=\\:\\:1") || e.contains("interface=[::1]");
  }

  @Override
  public Service makeService(Options options) {
    for (String endpoint : options.getAll("telnet")) {
      if (!loopback(endpoint) && !options.has("allow-remote-telnet")) {
        throw new UsageError("--telnet " + endpoint + " is not on loopback; telnet has no login"
            + " (add interface=127.0.0.1, or --allow-remote-telnet)");
      }
    }
    Manhole.bind("reactor", options.reactor());
    return CommonOptions.listenAll(options, "telnet",
        Factory.forProtocol(() -> new ManholeTelnet(options.reactor())));
  }
}
