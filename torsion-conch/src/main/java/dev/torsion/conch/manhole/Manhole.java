package dev.torsion.conch.manhole;

import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The objects a manhole session sees as variables: Twisted's manhole namespace. Bind what you
 * want to inspect before users connect; each new session declares one variable per binding.
 *
 * <pre>{@code
 * Manhole.bind("reactor", reactor);
 * Manhole.bind("cache", cache);          // in the session: cache.size()
 * }</pre>
 */
public final class Manhole {
  private static final Map<String, Object> NAMESPACE = new ConcurrentHashMap<>();

  private Manhole() {}

  /** Makes {@code value} a variable {@code name} in sessions started from now on. */
  public static void bind(String name, Object value) {
    if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
      throw new IllegalArgumentException("not a Java identifier: " + name);
    }
    NAMESPACE.put(name, value);
  }

  /** The bound value (what a session's variable is initialised from). */
  public static Object get(String name) {
    return NAMESPACE.get(name);
  }

  static Map<String, Object> namespace() {
    return Map.copyOf(NAMESPACE);
  }
}
