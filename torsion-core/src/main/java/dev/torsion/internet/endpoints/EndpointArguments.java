package dev.torsion.internet.endpoints;

import dev.torsion.internet.Address;
import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.IPv6Address;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * The arguments of one endpoint description, bound to names, with checked conversions whose
 * errors name the bad part: the helper for {@link ServerEndpointParser} and {@link
 * ClientEndpointParser} implementations, doing what Python's call binding does for Twisted's.
 *
 * <p>Positional arguments take the names in order, as Python passes them to Twisted's parser
 * functions; keywords must be among the names.
 *
 * <pre>{@code
 * // "tcp:8080:interface=127.0.0.1"
 * EndpointArguments a = EndpointArguments.bind("tcp", args, kwargs, "port", "interface", "backlog");
 * int port = a.port("port");                   // "bad port 'x'" if not a port number
 * String iface = a.get("interface", "");
 * int backlog = a.integer("backlog", 50);
 * }</pre>
 */
public final class EndpointArguments {
  private final String type;
  private final Map<String, String> values = new HashMap<>();

  private EndpointArguments(String type) {
    this.type = type;
  }

  /**
   * Binds {@code args} to {@code names} in order and checks {@code kwargs} against them. Throws
   * IllegalArgumentException for an extra positional argument, an unknown option or one given
   * twice.
   */
  public static EndpointArguments bind(
      String type, List<String> args, Map<String, String> kwargs, String... names) {
    EndpointArguments bound = new EndpointArguments(type);
    if (args.size() > names.length) {
      throw new IllegalArgumentException(
          "unexpected argument '" + args.get(names.length) + "' for " + type);
    }
    for (int i = 0; i < args.size(); i++) {
      bound.values.put(names[i], args.get(i));
    }
    for (Map.Entry<String, String> e : kwargs.entrySet()) {
      String name = e.getKey();
      if (!List.of(names).contains(name)) {
        throw new IllegalArgumentException("unknown option '" + name + "' for " + type);
      }
      if (bound.values.containsKey(name)) {
        throw new IllegalArgumentException("option '" + name + "' given twice for " + type);
      }
      bound.values.put(name, e.getValue());
    }
    return bound;
  }

  /** True if the argument was given. */
  public boolean has(String name) {
    return values.containsKey(name);
  }

  /** The argument's text, or {@code fallback} if absent. */
  public String get(String name, String fallback) {
    return values.getOrDefault(name, fallback);
  }

  /** The argument's text; throws "missing NAME for TYPE" if absent or empty. */
  public String require(String name) {
    String value = values.get(name);
    if (value == null || value.isEmpty()) {
      throw new IllegalArgumentException("missing " + name + " for " + type);
    }
    return value;
  }

  /** A required port number, 0 to 65535; throws "bad NAME 'VALUE'" otherwise. */
  public int port(String name) {
    String value = require(name);
    int port = parseInt(name, value, 10);
    if (port < 0 || port > 65535) {
      throw bad(name, value);
    }
    return port;
  }

  /** A decimal integer, or {@code fallback} if absent. */
  public int integer(String name, int fallback) {
    String value = values.get(name);
    return value == null ? fallback : parseInt(name, value, 10);
  }

  /** An octal integer such as a file mode ("600"), or {@code fallback} if absent. */
  public int octal(String name, int fallback) {
    String value = values.get(name);
    return value == null ? fallback : parseInt(name, value, 8);
  }

  /** A non-negative number of seconds such as a timeout, or {@code fallback} if absent. */
  public double seconds(String name, double fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    try {
      double seconds = Double.parseDouble(value.strip());
      if (seconds < 0 || Double.isNaN(seconds) || Double.isInfinite(seconds)) {
        throw bad(name, value);
      }
      return seconds;
    } catch (NumberFormatException e) {
      throw bad(name, value);
    }
  }

  /** A flag written as an integer, "0" meaning false, as Twisted's {@code bool(int(x))}. */
  public boolean flag(String name, boolean fallback) {
    String value = values.get(name);
    return value == null ? fallback : parseInt(name, value, 10) != 0;
  }

  /**
   * A yes-or-no option written {@code true}/{@code false} (also {@code 1}/{@code 0}, {@code
   * yes}/{@code no}), or {@code fallback} if absent; throws "bad NAME 'VALUE'" otherwise.
   */
  public boolean bool(String name, boolean fallback) {
    String value = values.get(name);
    if (value == null) {
      return fallback;
    }
    switch (value.strip().toLowerCase(java.util.Locale.ROOT)) {
      case "true", "1", "yes":
        return true;
      case "false", "0", "no":
        return false;
      default:
        throw bad(name, value);
    }
  }

  /** A local address to bind to (host only, port 0), or null if absent. */
  public Address bindAddress(String name) {
    String value = values.get(name);
    if (value == null) {
      return null;
    }
    if (value.isEmpty()) {
      throw bad(name, value);
    }
    return value.indexOf(':') >= 0
        ? new IPv6Address("TCP", value, 0)
        : new IPv4Address("TCP", value, 0);
  }

  private int parseInt(String name, String value, int radix) {
    try {
      return Integer.parseInt(value.strip(), radix);
    } catch (NumberFormatException e) {
      throw bad(name, value);
    }
  }

  private static IllegalArgumentException bad(String name, String value) {
    return new IllegalArgumentException("bad " + name + " '" + value + "'");
  }
}
