package dev.torsion.web.routing;

import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The values a request's path gave to a route's {@code {name}} parameters, percent-decoded.
 *
 * <pre>{@code
 * // route "/users/{id}/files/*", request "/users/42/files/a/b%20c"
 * params.get("id");        // "42"
 * params.getLong("id");    // 42
 * params.rest();           // "a/b c": what "*" matched, "" without one
 * }</pre>
 */
public final class PathParams {
  private final Map<String, String> values;
  private final String rest;

  PathParams(Map<String, String> values, String rest) {
    this.values = Collections.unmodifiableMap(new LinkedHashMap<>(values));
    this.rest = rest;
  }

  /** The value of parameter {@code name}; IllegalArgumentException if the route has none such. */
  public String get(String name) {
    String v = values.get(name);
    if (v == null) {
      throw new IllegalArgumentException("no path parameter '" + name + "' in this route; it has "
          + values.keySet());
    }
    return v;
  }

  /** The value as a long; an {@link HttpError} 400 when it is not one. */
  public long getLong(String name) {
    String v = get(name);
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw new HttpError(400, "path parameter '" + name + "' must be a number, not '" + v + "'");
    }
  }

  /** What a trailing {@code *} matched (segments joined by "/"), or "". */
  public String rest() {
    return rest;
  }

  public Map<String, String> asMap() {
    return values;
  }

  @Override
  public String toString() {
    return values + (rest.isEmpty() ? "" : " rest=" + rest);
  }
}
