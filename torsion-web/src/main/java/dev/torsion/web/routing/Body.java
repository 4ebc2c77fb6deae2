package dev.torsion.web.routing;

import java.lang.annotation.Documented;
import java.lang.annotation.ElementType;
import java.lang.annotation.Retention;
import java.lang.annotation.RetentionPolicy;
import java.lang.annotation.Target;

/**
 * Binds a handler parameter to the request body read as JSON into the parameter's type (with
 * Jackson; generic types such as {@code List<Note>} work). A body that is not valid JSON for the
 * type gets 400.
 *
 * <pre>{@code
 * @Route(value = "/notes", methods = {"POST"})
 * Note create(@Body Note note) { return store.add(note); }
 * }</pre>
 */
@Documented
@Retention(RetentionPolicy.RUNTIME)
@Target(ElementType.PARAMETER)
public @interface Body {}
