package dev.torsion.web.routing;

import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torsion.web.server.Request;
import java.lang.reflect.InvocationTargetException;
import java.lang.reflect.Method;
import java.lang.reflect.Parameter;
import java.util.Arrays;
import java.util.Comparator;
import java.util.function.BiFunction;

/**
 * Turns the {@link Route} methods of a plain object into handlers: each parameter gets a binder,
 * decided once when the router is built, so a mistake in a signature fails at startup and not on
 * the first request.
 */
final class AnnotatedRoutes {
  private AnnotatedRoutes() {}

  /** Calls {@code add} with the pattern, methods and handler of each {@link Route} method. */
  static void collect(Object target, ObjectMapper mapper, Router.Builder builder) {
    Method[] methods = target.getClass().getDeclaredMethods();
    // Declaration order is not guaranteed by reflection: sort for a stable registration order.
    Arrays.sort(methods, Comparator.comparing(Method::getName));
    int found = 0;
    for (Method m : methods) {
      Route route = m.getAnnotation(Route.class);
      if (route == null) {
        continue;
      }
      found++;
      PathPattern pattern = PathPattern.parse(route.value());
      if (!m.trySetAccessible()) {
        throw new IllegalArgumentException("cannot call " + m + ": make it public");
      }
      Parameter[] params = m.getParameters();
      @SuppressWarnings("unchecked")
      BiFunction<Request, PathParams, Object>[] binders = new BiFunction[params.length];
      for (int i = 0; i < params.length; i++) {
        binders[i] = binder(m, params[i], pattern, mapper);
      }
      RouteHandler handler = (request, pathParams) -> {
        Object[] args = new Object[binders.length];
        for (int i = 0; i < args.length; i++) {
          args[i] = binders[i].apply(request, pathParams);
        }
        try {
          return m.invoke(target, args);
        } catch (InvocationTargetException e) {
          Throwable cause = e.getCause();
          if (cause instanceof Exception ex) {
            throw ex;
          }
          throw (Error) cause;
        }
      };
      for (String method : route.methods()) {
        builder.route(method, route.value(), handler);
      }
    }
    if (found == 0) {
      throw new IllegalArgumentException(target.getClass().getName() + " has no @Route methods");
    }
  }

  private static BiFunction<Request, PathParams, Object> binder(Method m, Parameter p,
      PathPattern pattern, ObjectMapper mapper) {
    Class<?> type = p.getType();
    PathParam named = p.getAnnotation(PathParam.class);
    if (named != null) {
      String name = named.value();
      if (!pattern.hasParameter(name)) {
        throw new IllegalArgumentException("@PathParam(\"" + name + "\") on " + m
            + ": route " + pattern + " has no {" + name + "}");
      }
      if (type == String.class) {
        return (r, params) -> params.get(name);
      }
      if (type == long.class || type == Long.class) {
        return (r, params) -> params.getLong(name);
      }
      if (type == int.class || type == Integer.class) {
        return (r, params) -> {
          long v = params.getLong(name);
          if (v != (int) v) {
            throw new HttpError(400, "path parameter '" + name + "' out of range: " + v);
          }
          return (int) v;
        };
      }
      throw new IllegalArgumentException("@PathParam on " + m + ": " + type.getSimpleName()
          + " is not supported (String, int, long)");
    }
    if (p.isAnnotationPresent(Body.class)) {
      JavaType javaType = mapper.constructType(p.getParameterizedType());
      return (r, params) -> Json.read(mapper, r, javaType);
    }
    if (type == Request.class) {
      return (r, params) -> r;
    }
    if (type == PathParams.class) {
      return (r, params) -> params;
    }
    throw new IllegalArgumentException("cannot bind parameter " + p.getName() + " of " + m
        + ": take a Request or PathParams, or annotate it @PathParam or @Body");
  }
}
