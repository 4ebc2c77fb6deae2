package dev.torsion.web.routing;

import dev.torsion.web.server.Request;

/**
 * A handler given to {@link Router.Builder}: takes the request and the path parameters and
 * returns what to write (see {@link Router} for how each type is written).
 *
 * <pre>{@code
 * RouteHandler hello = (request, params) -> "hello, " + params.get("name");
 * }</pre>
 */
@FunctionalInterface
public interface RouteHandler {
  Object handle(Request request, PathParams params) throws Exception;
}
