package dev.torsion.plugin;

import dev.torsion.plugin.Options;
import dev.torsion.plugin.UsageError;

/**
 * Option checks shared by the plugins.
 *
 * <pre>{@code
 * String root = Required.get(options, "root");          // UsageError "--root is required"
 * double idle = Required.seconds(options, "idle-timeout");
 * }</pre>
 */
public final class Required {
  private Required() {}

  public static String get(Options options, String name) {
    String v = options.get(name);
    if (v == null || v.isEmpty()) {
      throw new UsageError("--" + name + " is required");
    }
    return v;
  }

  public static double seconds(Options options, String name) {
    String v = get(options, name);
    try {
      double d = Double.parseDouble(v);
      if (d > 0 && !Double.isInfinite(d)) {
        return d;
      }
    } catch (NumberFormatException e) {
      // fall through
    }
    throw new UsageError("--" + name + " must be a number of seconds, not '" + v + "'");
  }
}
