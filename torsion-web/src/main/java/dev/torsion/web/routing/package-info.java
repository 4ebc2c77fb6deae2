/**
 * Routing for applications, in the style of Klein: map method and path patterns such as {@code
 * /users/{id}} to handlers, given as annotated methods of a plain object ({@link
 * dev.torsion.web.routing.Route}) or with {@link dev.torsion.web.routing.Router#builder()}. A
 * {@link dev.torsion.web.routing.Router} is a {@link dev.torsion.web.server.Resource}, so it
 * mounts anywhere in a site's tree; handlers return a String, bytes, a Deferred, a Resource, or
 * any other object, which is written as JSON (with Jackson).
 */
package dev.torsion.web.routing;
