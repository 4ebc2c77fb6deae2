package dev.torsion.web.routing;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.JavaType;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import dev.torsion.web.server.Request;
import java.io.IOException;
import java.io.InputStream;

/**
 * Reading and writing JSON for routed handlers, with Jackson's {@link ObjectMapper}: the shared
 * default mapper that {@link Router} uses unless given another, and request-body reading that
 * answers 400 instead of throwing a parse exception at the user.
 *
 * <pre>{@code
 * Router.builder().post("/notes", (request, params) -> {
 *   Note note = Json.read(request, Note.class);     // 400 if the body is not a Note
 *   return store.add(note);                         // written as JSON
 * }).build();
 * }</pre>
 */
public final class Json {
  private static final ObjectMapper DEFAULT = new ObjectMapper()
      .disable(SerializationFeature.FAIL_ON_EMPTY_BEANS);

  private Json() {}

  /** The default mapper. Configure a copy ({@code mapper().copy()}) rather than this one. */
  public static ObjectMapper mapper() {
    return DEFAULT;
  }

  /** The request body as a {@code type}, with the default mapper; {@link HttpError} 400 if it is not one. */
  public static <T> T read(Request request, Class<T> type) {
    return read(DEFAULT, request, DEFAULT.constructType(type));
  }

  static <T> T read(ObjectMapper mapper, Request request, JavaType type) {
    if (request.getContentLength() == 0) {
      throw new HttpError(400, "a JSON request body is required");
    }
    try (InputStream in = request.getContent()) {
      return mapper.readValue(in, type);
    } catch (JsonProcessingException e) {
      throw new HttpError(400, "invalid JSON body: " + e.getOriginalMessage());
    } catch (IOException e) {
      throw new HttpError(400, "cannot read the request body: " + e.getMessage());
    }
  }
}
