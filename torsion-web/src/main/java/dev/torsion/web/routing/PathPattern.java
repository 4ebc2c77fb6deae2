package dev.torsion.web.routing;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A parsed route pattern: one entry per path segment, each a literal or a {@code {name}}, and
 * an optional trailing {@code *} that takes the rest.
 *
 * <pre>
 *   "/users/{id}/files/*"  ->  ["users", {id}, "files"] + rest
 *   "/"                    ->  [""]            (the empty segment after the slash)
 * </pre>
 */
final class PathPattern {
  /** A successful match: the parameters, and how many request segments the fixed part used. */
  record Match(PathParams params, int consumed) {}

  final String source;
  private final String[] literals; // null where the segment is a parameter
  private final String[] names;
  private final boolean branch;
  private final int literalCount;

  private PathPattern(String source, String[] literals, String[] names, boolean branch) {
    this.source = source;
    this.literals = literals;
    this.names = names;
    this.branch = branch;
    int n = 0;
    for (String l : literals) {
      n += l != null ? 1 : 0;
    }
    this.literalCount = n;
  }

  static PathPattern parse(String pattern) {
    if (pattern == null || !pattern.startsWith("/")) {
      throw new IllegalArgumentException("route pattern must start with '/': " + pattern);
    }
    String[] parts = pattern.substring(1).split("/", -1);
    boolean branch = parts[parts.length - 1].equals("*");
    int n = branch ? parts.length - 1 : parts.length;
    String[] literals = new String[n];
    String[] names = new String[n];
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      String p = parts[i];
      if (p.startsWith("{") && p.endsWith("}") && p.length() > 2) {
        String name = p.substring(1, p.length() - 1);
        if (!name.matches("[A-Za-z_][A-Za-z0-9_]*")) {
          throw new IllegalArgumentException("bad parameter name '" + name + "' in route " + pattern);
        }
        if (seen.contains(name)) {
          throw new IllegalArgumentException("parameter '" + name + "' twice in route " + pattern);
        }
        seen.add(name);
        names[i] = name;
      } else if (p.indexOf('{') >= 0 || p.indexOf('}') >= 0 || p.equals("*")) {
        throw new IllegalArgumentException("a parameter must be a whole segment {name}, and '*' "
            + "only the last one, in route " + pattern);
      } else {
        literals[i] = p;
      }
    }
    return new PathPattern(pattern, literals, names, branch);
  }

  /** True if the pattern has a parameter called {@code name}. */
  boolean hasParameter(String name) {
    for (String n : names) {
      if (name.equals(n)) {
        return true;
      }
    }
    return false;
  }

  /** How specific the pattern is: literal segments count first, so /users/me beats /users/{id}. */
  int specificity() {
    return literalCount * 2 + (branch ? 0 : 1);
  }

  /** Matches decoded request segments, or returns null. */
  Match match(List<String> segments) {
    int n = literals.length;
    if (branch ? segments.size() < n : segments.size() != n) {
      return null;
    }
    Map<String, String> values = null;
    for (int i = 0; i < n; i++) {
      String s = segments.get(i);
      if (literals[i] != null) {
        if (!literals[i].equals(s)) {
          return null;
        }
      } else {
        if (s.isEmpty()) {
          return null; // "/users/" is not a user with an empty id
        }
        if (values == null) {
          values = new LinkedHashMap<>();
        }
        values.put(names[i], s);
      }
    }
    String rest = branch ? String.join("/", segments.subList(n, segments.size())) : "";
    return new Match(new PathParams(values == null ? Map.of() : values, rest), n);
  }

  @Override
  public String toString() {
    return source;
  }
}
