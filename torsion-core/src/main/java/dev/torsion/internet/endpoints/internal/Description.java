package dev.torsion.internet.endpoints.internal;

import java.util.ArrayList;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * An endpoint description split into positional and keyword arguments, with Twisted's rules
 * ({@code endpoints._tokenize} and {@code _parse}):
 *
 * <pre>
 *   tcp:8080:interface=127.0.0.1:backlog=50
 *   ^^^ ^^^^ ^^^^^^^^^^^^^^^^^^^ ^^^^^^^^^^
 *   args[0]  kwargs interface    kwargs backlog
 *       args[1]
 * </pre>
 *
 * <ul>
 *   <li>':' separates arguments; in an argument, the first '=' splits name from value, and any
 *       later '=' belongs to the value;
 *   <li>a backslash makes the next character literal, so {@code \:} and {@code \=} do not split
 *       and {@code \\} is one backslash.
 * </ul>
 */
public record Description(List<String> args, Map<String, String> kwargs) {
  /** Splits {@code description}; throws IllegalArgumentException on a dangling backslash or a repeated option. */
  public static Description parse(String description) {
    List<String> args = new ArrayList<>();
    Map<String, String> kwargs = new LinkedHashMap<>();
    StringBuilder current = new StringBuilder();
    String name = null; // the part before '=' of the current argument, once seen
    for (int i = 0; i < description.length(); i++) {
      char c = description.charAt(i);
      if (c == '\\') {
        if (++i == description.length()) {
          throw new IllegalArgumentException("trailing backslash");
        }
        current.append(description.charAt(i));
      } else if (c == ':') {
        add(args, kwargs, name, current.toString());
        name = null;
        current.setLength(0);
      } else if (c == '=' && name == null) {
        name = current.toString();
        current.setLength(0);
      } else {
        current.append(c);
      }
    }
    add(args, kwargs, name, current.toString());
    return new Description(
        Collections.unmodifiableList(args), Collections.unmodifiableMap(kwargs));
  }

  private static void add(
      List<String> args, Map<String, String> kwargs, String name, String value) {
    if (name == null) {
      args.add(value);
    } else if (kwargs.putIfAbsent(name, value) != null) {
      throw new IllegalArgumentException("option '" + name + "' given twice");
    }
  }
}
