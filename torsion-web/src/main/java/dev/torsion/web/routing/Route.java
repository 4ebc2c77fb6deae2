package dev.torsion.web.routing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Marks a method of a plain object as the handler for a path pattern: Klein's {@code
 * @app.route}. {@link Router#of} collects them.
 *
 * <p>The pattern is a path whose segments are literals or {@code {name}} parameters; a last
 * segment {@code *} matches any rest (a branch, as Klein's {@code branch=True}). The method's
 * parameters may be a {@link dev.torsion.web.server.Request}, {@link PathParams}, values marked
 * {@link PathParam}, and one marked {@link Body} (the JSON request body). What it returns is
 * written as {@link Router} describes.
 *
 * <pre>{@code
 * final class Users {
 *   @Route("/users/{id}")
 *   User get(@PathParam("id") long id) { return store.find(id); }     // written as JSON
 *
 *   @Route(value = "/users/{id}", methods = {"PUT"})
 *   Deferred<User> put(@PathParam("id") long id, @Body User user) { return store.save(id, user); }
 * }
 * Router router = Router.of(new Users());
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.METHOD)
public @interface Route {
  /** The path pattern, such as {@code /users/{id}}. */
  String value();

  /** The methods answered; GET also answers HEAD. */
  String[] methods() default {"GET"};
}
