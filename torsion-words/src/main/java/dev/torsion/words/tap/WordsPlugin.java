package dev.torsion.words.tap;

import dev.torsion.application.Service;
import dev.torsion.cred.CredentialsChecker;
import dev.torsion.plugin.CommonOptions;
import dev.torsion.plugin.Listen;
import dev.torsion.plugin.Option;
import dev.torsion.plugin.Options;
import dev.torsion.plugin.Plugin;
import dev.torsion.plugin.StartupError;
import dev.torsion.plugin.UsageError;
import dev.torsion.words.irc.IRCServerFactory;
import dev.torsion.words.irc.IRCServerOptions;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code torsion words --irc tcp:6667}: an IRC server, Twisted's {@code twistd words}, beside the
 * IRC code as Twisted keeps {@code twisted/words/tap.py}. With no {@code --user} or {@code
 * --password-file}, anyone may take a free nick; with them, clients log in by PASS or SASL PLAIN.
 *
 * <pre>
 *   ./torsion words --irc tcp:6667 --server-name irc.example.com --motd motd.txt \
 *       --user alice=secret --user bob=hunter2
 * </pre>
 */
public final class WordsPlugin implements Plugin {
  /** Most lines a --motd file may have; the MOTD goes to every client on sign-on. */
  static final int MAX_MOTD_LINES = 100;

  @Override
  public String name() {
    return "words";
  }

  @Override
  public String description() {
    return "IRC server (RFC 1459/2812, IRCv3 CAP and SASL)";
  }

  @Override
  public List<Option> options() {
    List<Option> o = new ArrayList<>();
    o.add(CommonOptions.listen("irc", "tcp:6667", "where to serve IRC, such as tcp:6667"));
    o.add(Option.value("server-name", "NAME", "irc.torsion.local",
        "the name the server announces (with a dot, like irc.example.com)"));
    o.add(Option.value("motd", "FILE", null, "the message of the day, one line per line of FILE"));
    o.addAll(CommonOptions.users());
    return o;
  }

  @Override
  public Service makeService(Options options) {
    IRCServerOptions.Builder b;
    try {
      b = IRCServerOptions.builder(options.get("server-name"));
    } catch (IllegalArgumentException e) {
      throw new UsageError("--server-name: " + e.getMessage());
    }
    String motd = options.get("motd");
    if (motd != null) {
      try {
        b.motd(readMotd(Path.of(motd)));
      } catch (java.nio.file.InvalidPathException e) {
        throw new UsageError("--motd: not a file name: '" + motd + "'");
      }
    }
    CredentialsChecker users = CommonOptions.checker(options);
    b.users(users);
    IRCServerFactory factory = new IRCServerFactory(b.build(), options.reactor());
    return CommonOptions.listenAll(options, "irc", factory);
  }

  private static List<String> readMotd(Path file) {
    List<String> lines;
    try {
      if (Files.size(file) > 64 * 1024) {
        throw new StartupError("--motd: " + file + " is larger than 64 KiB");
      }
      lines = Files.readAllLines(file, StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new StartupError("--motd: " + Listen.describe("cannot read", e), e);
    } catch (java.io.UncheckedIOException e) {
      throw new StartupError("--motd: cannot read " + file + ": " + e.getMessage(), e);
    }
    List<String> out = new ArrayList<>();
    for (String l : lines.subList(0, Math.min(lines.size(), MAX_MOTD_LINES))) {
      // NUL and CR could not go in a line; 400 characters leave room for the 372 prefix.
      String clean = l.replace("\0", "").replace("\r", "");
      out.add(clean.length() > 400 ? clean.substring(0, 400) : clean);
    }
    return out;
  }
}
