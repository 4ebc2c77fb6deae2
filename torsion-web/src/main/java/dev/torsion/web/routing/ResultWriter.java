package dev.torsion.web.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.nio.charset.StandardCharsets;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Writes what a handler returned, by type:
 *
 * <pre>
 *   null      empty body               String    text/plain; charset=utf-8 (unless set)
 *   byte[]    as is (octet-stream)     Resource  rendered, walking the rest of the path
 *   Deferred  its result, later        other     JSON, application/json
 * </pre>
 */
final class ResultWriter {
  private final ObjectMapper mapper;

  ResultWriter(ObjectMapper mapper) {
    this.mapper = mapper;
  }

  /** The body to finish with now, or {@link Site#NOT_DONE_YET}. */
  byte[] write(Request request, Object result) throws JsonProcessingException {
    if (result == null) {
      return new byte[0];
    }
    if (result instanceof byte[] bytes) {
      defaultType(request, "application/octet-stream");
      return bytes;
    }
    if (result instanceof String s) {
      defaultType(request, "text/plain; charset=utf-8");
      return s.getBytes(StandardCharsets.UTF_8);
    }
    if (result instanceof Resource resource) {
      return render(resource, request);
    }
    if (result instanceof Deferred<?> d) {
      later(request, d);
      return Site.NOT_DONE_YET;
    }
    defaultType(request, "application/json");
    return mapper.writeValueAsBytes(result);
  }

  private static byte[] render(Resource resource, Request request) {
    Resource r = resource;
    while (!request.getPostpath().isEmpty() && !r.isLeaf()) {
      String segment = request.getPostpath().remove(0);
      request.getPrepath().add(segment);
      r = r.getChildWithDefault(segment, request);
    }
    return r.render(request);
  }

  private void later(Request request, Deferred<?> d) {
    // Klein's rule: a client that goes away cancels the work it asked for.
    request.notifyFinish().addErrback(f -> {
      d.cancel();
      return null;
    });
    d.addCallbacks(value -> {
      if (request.isLost() || request.isFinished()) {
        return null;
      }
      try {
        byte[] body = write(request, value);
        if (body != Site.NOT_DONE_YET && !request.isFinished()) {
          request.writeAndFinish(body);
        }
      } catch (Exception | Error e) {
        fail(request, e);
      }
      return null;
    }, f -> {
      if (!request.isLost()) { // a lost request's cancellation needs no answer
        fail(request, f.value());
      }
      return null;
    });
  }

  /** Answers an error: HttpError with its status, anything else 500 (logged). */
  void fail(Request request, Throwable error) {
    Throwable e = error instanceof Failure f ? f.value() : error;
    if (request.isFinished() || request.isLost()) {
      return;
    }
    if (e instanceof HttpError http && !request.isStartedWriting()) {
      request.writeAndFinish(errorBody(request, http.status(), http.getMessage()));
      return;
    }
    request.processingFailed(e);
  }

  /** Sets the status and JSON type, and returns {@code {"status": n, "error": message}}. */
  byte[] errorBody(Request request, int status, String message) {
    request.setResponseCode(status);
    request.setHeader("Content-Type", "application/json");
    Map<String, Object> body = new LinkedHashMap<>();
    body.put("status", status);
    body.put("error", message);
    try {
      return mapper.writeValueAsBytes(body);
    } catch (JsonProcessingException impossible) {
      throw new IllegalStateException(impossible);
    }
  }

  private static void defaultType(Request request, String type) {
    if (!request.getResponseHeaders().contains("Content-Type")) {
      request.setHeader("Content-Type", type);
    }
  }
}
