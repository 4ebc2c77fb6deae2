package dev.torsion.web.routing;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransportWithDisconnection;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import org.junit.jupiter.api.Test;

class RouterTest {
  private final Clock clock = new Clock();
  private StringTransportWithDisconnection transport;
  private Protocol protocol;

  record Note(long id, String text, List<String> tags) {}

  /** A controller with annotated routes, as an application would write it. */
  static final class Notes {
    final Map<Long, Note> notes = new ConcurrentHashMap<>();

    @Route("/notes/{id}")
    Note get(@PathParam("id") long id) {
      Note n = notes.get(id);
      if (n == null) {
        throw new HttpError(404, "no note " + id);
      }
      return n;
    }

    @Route(value = "/notes/{id}", methods = {"PUT"})
    Map<String, Object> put(@PathParam("id") long id, @Body Note note, Request request) {
      notes.put(id, new Note(id, note.text(), note.tags()));
      request.setResponseCode(201);
      return Map.of("stored", id);
    }

    @Route("/notes")
    List<Long> list() {
      return notes.keySet().stream().sorted().toList();
    }
  }

  private String send(Resource root, String raw) {
    transport = new StringTransportWithDisconnection();
    protocol = new Site(root, clock).buildProtocol(transport.getPeer());
    transport.protocol = protocol;
    protocol.makeConnection(transport);
    protocol.dataReceived(raw.getBytes(StandardCharsets.UTF_8));
    return transport.valueString();
  }

  private static String body(String response) {
    return response.substring(response.indexOf("\r\n\r\n") + 4);
  }

  private static String get(String path) {
    return "GET " + path + " HTTP/1.1\r\nHost: x\r\n\r\n";
  }

  @Test
  void builderRoutesWithDecodedPathParametersAndWritesStringsAsText() {
    Router router = Router.builder()
        .get("/hello/{name}", (request, params) -> "hello, " + params.get("name"))
        .build();

    String out = send(router, get("/hello/J%C3%BCrgen%2F2"));

    assertThat(out).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("Content-Type: text/plain; charset=utf-8\r\n");
    assertThat(body(out)).isEqualTo("hello, Jürgen/2");
  }

  @Test
  void annotatedRoutesReadAndWriteJson() {
    Notes notes = new Notes();
    Router router = Router.of(notes);
    String json = "{\"id\":0,\"text\":\"buy <milk>\",\"tags\":[\"a\",\"b\"]}";

    String put = send(router, "PUT /notes/7 HTTP/1.1\r\nHost: x\r\nContent-Type: application/json"
        + "\r\nContent-Length: " + json.length() + "\r\n\r\n" + json);
    String got = send(router, get("/notes/7"));
    String list = send(router, get("/notes"));

    assertThat(put).startsWith("HTTP/1.1 201 Created\r\n");
    assertThat(body(put)).isEqualTo("{\"stored\":7}");
    assertThat(got).contains("Content-Type: application/json\r\n");
    assertThat(body(got)).isEqualTo("{\"id\":7,\"text\":\"buy <milk>\",\"tags\":[\"a\",\"b\"]}");
    assertThat(body(list)).isEqualTo("[7]");
  }

  @Test
  void httpErrorsAndBadInputAreJsonWithTheirStatus() {
    Router router = Router.of(new Notes());

    String missing = send(router, get("/notes/9"));
    String notANumber = send(router, get("/notes/abc"));
    String badJson = send(router, "PUT /notes/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 3\r\n\r\n{x:");
    String noBody = send(router, "PUT /notes/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");

    assertThat(missing).startsWith("HTTP/1.1 404 ");
    assertThat(body(missing)).isEqualTo("{\"status\":404,\"error\":\"no note 9\"}");
    assertThat(notANumber).startsWith("HTTP/1.1 400 ");
    assertThat(body(notANumber)).contains("must be a number, not 'abc'");
    assertThat(badJson).startsWith("HTTP/1.1 400 ").contains("invalid JSON body");
    assertThat(noBody).startsWith("HTTP/1.1 400 ").contains("a JSON request body is required");
  }

  @Test
  void unmatchedPathsGet404AndOtherMethods405WithAllow() {
    Router router = Router.builder()
        .get("/items/{id}", (r, p) -> "item")
        .delete("/items/{id}", (r, p) -> null)
        .build();

    String none = send(router, get("/nothing/here"));
    String wrong = send(router, "POST /items/1 HTTP/1.1\r\nHost: x\r\nContent-Length: 0\r\n\r\n");
    String options = send(router, "OPTIONS /items/1 HTTP/1.1\r\nHost: x\r\n\r\n");
    String trailing = send(router, get("/items/"));

    assertThat(none).startsWith("HTTP/1.1 404 ").contains("application/json");
    assertThat(body(none)).isEqualTo("{\"status\":404,\"error\":\"no route for /nothing/here\"}");
    assertThat(wrong).startsWith("HTTP/1.1 405 ").contains("Allow: GET, HEAD, DELETE, OPTIONS\r\n");
    assertThat(options).startsWith("HTTP/1.1 204 ").contains("Allow: GET, HEAD, DELETE, OPTIONS\r\n");
    assertThat(trailing).startsWith("HTTP/1.1 404 ");
  }

  @Test
  void headAnswersFromTheGetRouteWithoutABody() {
    Router router = Router.builder().get("/x", (r, p) -> "twelve bytes").build();

    String out = send(router, "HEAD /x HTTP/1.1\r\nHost: x\r\n\r\n");

    assertThat(out).contains("Content-Length: 12\r\n").endsWith("\r\n\r\n");
  }

  @Test
  void literalSegmentsWinOverParameters() {
    Router router = Router.builder()
        .get("/users/{id}", (r, p) -> "user " + p.get("id"))
        .get("/users/me", (r, p) -> "myself")
        .build();

    assertThat(body(send(router, get("/users/me")))).isEqualTo("myself");
    assertThat(body(send(router, get("/users/42")))).isEqualTo("user 42");
  }

  @Test
  void aDeferredResultIsWrittenWhenItFires() {
    Deferred<Object> pending = new Deferred<>();
    Router router = Router.builder().get("/slow", (r, p) -> pending).build();

    String before = send(router, get("/slow"));
    clock.callLater(1, () -> pending.callback(Map.of("done", true)));
    clock.advance(1);

    assertThat(before).isEmpty();
    assertThat(transport.valueString()).startsWith("HTTP/1.1 200 OK\r\n")
        .contains("application/json").endsWith("{\"done\":true}");
  }

  @Test
  void aDeferredFailingWithHttpErrorGetsItsStatus() {
    Deferred<Object> pending = new Deferred<>();
    Router router = Router.builder().get("/slow", (r, p) -> pending).build();

    send(router, get("/slow"));
    pending.errback(new HttpError(503, "try later"));

    assertThat(transport.valueString()).startsWith("HTTP/1.1 503 ").endsWith("\"try later\"}");
  }

  @Test
  void aClientGoingAwayCancelsThePendingDeferred() {
    List<String> cancelled = new java.util.ArrayList<>();
    Deferred<Object> pending = new Deferred<>(d -> cancelled.add("work stopped"));
    Router router = Router.builder().get("/slow", (r, p) -> pending).build();

    send(router, get("/slow"));
    transport.loseConnection();

    assertThat(cancelled).containsExactly("work stopped");
    assertThat(transport.valueString()).isEmpty();
  }

  @Test
  void aReturnedResourceRendersWithTheRestOfABranchPath() {
    Resource files = new Resource();
    files.putChild("a.txt", new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request r) {
        return ("file a, prepath " + r.getPrepath()).getBytes(StandardCharsets.UTF_8);
      }
    });
    Router router = Router.builder()
        .get("/files/*", (r, p) -> files)
        .get("/rest/*", (r, p) -> "rest=" + p.rest())
        .build();

    assertThat(body(send(router, get("/files/a.txt")))).isEqualTo("file a, prepath [files, a.txt]");
    assertThat(body(send(router, get("/rest/x/y%20z")))).isEqualTo("rest=x/y z");
  }

  @Test
  void otherExceptionsGet500() {
    Router router = Router.builder()
        .get("/boom", (r, p) -> {
          throw new java.io.IOException("disk on fire");
        })
        .build();

    String out = send(router, get("/boom"));

    assertThat(out).startsWith("HTTP/1.1 500 ").doesNotContain("disk on fire");
  }

  @Test
  void signatureMistakesFailWhenTheRouterIsBuilt() {
    Object badName = new Object() {
      @Route("/a/{id}")
      String a(@PathParam("ident") String id) {
        return id;
      }
    };
    Object unbindable = new Object() {
      @Route("/b")
      String b(String what) {
        return what;
      }
    };

    assertThatThrownBy(() -> Router.of(badName)).hasMessageContaining("has no {ident}");
    assertThatThrownBy(() -> Router.of(unbindable)).hasMessageContaining("annotate it @PathParam");
    assertThatThrownBy(() -> Router.builder().get("/a/x{y}", (r, p) -> null))
        .hasMessageContaining("whole segment");
    assertThatThrownBy(() -> Router.of(new Object())).hasMessageContaining("no @Route methods");
  }
}
