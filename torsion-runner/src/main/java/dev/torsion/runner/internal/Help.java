package dev.torsion.runner.internal;

import dev.torsion.plugin.Plugin;
import java.util.Map;

/** The text of {@code torsion --help} and {@code torsion PLUGIN --help}. */
public final class Help {
  private Help() {}

  public static final String USAGE = "usage: torsion [options] PLUGIN [plugin options]";

  static final String ENDPOINTS =
      "Endpoints (--listen):\n"
          + "  tcp:8080[:interface=127.0.0.1]   tcp6:8080[:interface=::1]   unix:/run/app.sock[:mode=600]\n"
          + "  ssl:8443:privateKey=server.pem   a key and certificate from a PEM file\n"
          + "  ssl:8443:generate=localhost      a self-signed certificate kept in ~/.torsion/certs\n"
          + "  tcp:8080:reusePort=true          share the port with other processes (SO_REUSEPORT)\n"
          + "  haproxy:tcp:8080                 behind HAProxy's send-proxy(-v2): getPeer() is the client\n"
          + "  systemd:domain=INET:index=0      the socket systemd passed (StandardInput=socket)\n";

  static final String ENVIRONMENT =
      "\nEnvironment:\n"
          + "  TORSION_JAVA_OPTS   JVM options for ./torsion, split at spaces:"
          + " TORSION_JAVA_OPTS=\"-Xmx1g -Dkey=value\"\n"
          + "  JAVA_TOOL_OPTIONS   JVM options read by any java command (works with java -jar too)\n";

  public static String main(Map<String, Plugin> plugins) {
    StringBuilder out = new StringBuilder();
    out.append(USAGE).append("\n\n");
    out.append("Runs a Torsion service in the foreground, or with --daemon in the background.\n\n");
    out.append("Options:\n");
    java.util.List<dev.torsion.plugin.Option> specs = new java.util.ArrayList<>(GlobalOptions.SPECS);
    specs.add(dev.torsion.plugin.Option.flag("help", "show this help"));
    out.append(ArgParser.describe(specs)).append('\n');
    out.append(ENDPOINTS).append('\n');
    out.append("Plugins:\n");
    int width = 0;
    for (String name : plugins.keySet()) {
      width = Math.max(width, name.length());
    }
    for (Plugin p : plugins.values()) {
      out.append("  ")
          .append(p.name())
          .append(" ".repeat(width - p.name().length() + 3))
          .append(p.description())
          .append('\n');
    }
    out.append("\nRun 'torsion PLUGIN --help' for a plugin's options.\n");
    out.append(ENVIRONMENT);
    return out.toString();
  }

  public static String plugin(Plugin p) {
    StringBuilder out = new StringBuilder();
    out.append("usage: torsion [options] ").append(p.name());
    if (!p.options().isEmpty()) {
      out.append(" [options]");
    }
    if (!p.arguments().isEmpty()) {
      out.append(' ').append(p.arguments());
    }
    out.append("\n\n").append(p.description()).append("\n");
    if (!p.options().isEmpty()) {
      out.append("\nOptions:\n").append(ArgParser.describe(p.options()));
    }
    return out.toString();
  }
}
