package dev.torsion.web.routing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to a {@code {name}} of its {@link Route} pattern. String, int, long
 * (and their boxes) are supported; a value that is not a number where one is wanted gets 400.
 *
 * <pre>{@code
 * @Route("/orders/{order}/items/{n}")
 * Item item(@PathParam("order") String order, @PathParam("n") int n) { ... }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface PathParam {
  /** The parameter's name in the pattern. */
  String value();
}
