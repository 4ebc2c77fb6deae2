package dev.torsion.web.http2.internal;

import static dev.torsion.trial.Trial.successResultOf;
import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.Headers;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.Response;
import dev.torsion.web.client.ResponseFailed;
import dev.torsion.web.internal.ClientConnection;
import dev.torsion.web.internal.Http1Parser;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The HTTP/2 client connection on an in-memory transport, the server played by hand-made frames:
 * what it sends, the windows it keeps, and how it takes a server's GOAWAY, resets, pushes,
 * oversized answers and trailers (RFC 9113 8.1: a HEADERS frame ending the stream after the
 * DATA, shown by {@link Response#trailers}).
 */
class Http2ClientConnectionTest {
  private final Clock clock = new Clock();
  private final StringTransport transport = new StringTransport();
  private final Deferred<ClientConnection> ready = new Deferred<>();
  private Http2ClientConnection client;
  private final HpackEncoder encoder = new HpackEncoder();

  @BeforeEach
  void connect() throws Exception {
    client = new Http2ClientConnection(clock, "https",
        new Http1Parser.Limits(8192, 4096, 50, 100_000), ready);
    client.makeConnection(transport);
    serverSends(FrameWriter.settings(new int[0], new long[0]));
  }

  private void serverSends(byte[]... frames) {
    ByteArrayOutputStream all = new ByteArrayOutputStream();
    for (byte[] f : frames) {
      all.writeBytes(f);
    }
    client.dataReceived(all.toByteArray());
  }

  private byte[] response(int stream, boolean endStream, String... fields) {
    encoder.header(":status", "200");
    return trailers(stream, endStream, fields);
  }

  /** A header block of just {@code fields}: after a response, its trailers. */
  private byte[] trailers(int stream, boolean endStream, String... fields) {
    for (int i = 0; i < fields.length; i += 2) {
      encoder.header(fields[i], fields[i + 1]);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    FrameWriter.headers(stream, encoder.take(), endStream, 16384).forEach(out::writeBytes);
    return out.toByteArray();
  }

  private List<String> sent() throws Http2Exception {
    return new FrameLog(true).read(transport.value());
  }

  private Deferred<Response> get(String path) {
    return client.request("GET", path, new Headers().add("Host", "example.com"), null, 0);
  }

  private static <T> Throwable failureOf(Deferred<T> d) {
    List<Throwable> seen = new ArrayList<>();
    d.addErrback(f -> {
      seen.add(f.value());
      return null;
    });
    assertThat(seen).as("the Deferred failed").hasSize(1);
    return seen.get(0);
  }

  private static Deferred<byte[]> body(Response r) {
    return r.readBody();
  }

  @Test
  void theConnectionOpensWithPrefaceSettingsAndALargerWindow() throws Exception {
    assertThat(ready.called()).isTrue();
    assertThat(transport.value()).startsWith(Http2.PREFACE);
    assertThat(sent()).startsWith("SETTINGS",
        "WINDOW_UPDATE 0 " + (Http2ClientConnection.CONNECTION_WINDOW - Http2.DEFAULT_WINDOW),
        "SETTINGS ACK");
  }

  @Test
  void requestsGoOutOnOddStreamsAndTheirResponsesComeBack() throws Exception {
    Deferred<Response> a = get("/a");
    Deferred<Response> b = get("/b");
    serverSends(response(3, false, "content-length", "2"), response(1, true),
        FrameWriter.data(3, "hi".getBytes(), 0, 2, true));

    assertThat(sent()).contains("HEADERS 1 end", "HEADERS 3 end");
    Response[] got = new Response[2];
    a.addCallback(r -> got[0] = r);
    b.addCallback(r -> got[1] = r);
    assertThat(got[0].code()).isEqualTo(200);
    assertThat(got[1].version()).isEqualTo("HTTP/2");
    byte[][] bodies = new byte[1][];
    body(got[1]).addCallback(x -> bodies[0] = x);
    assertThat(new String(bodies[0])).isEqualTo("hi");
    assertThat(client.activeStreams()).isZero();
  }

  @Test
  void aRequestBodyWaitsForTheServersWindow() throws Exception {
    byte[] upload = new byte[100_000];
    client.request("POST", "/up", new Headers().add("Host", "x"), BodyProducer.of(upload), 0);
    long sentData = sent().stream().filter(f -> f.startsWith("DATA 1 "))
        .mapToLong(f -> Long.parseLong(f.split(" ")[2])).sum();
    assertThat(sentData).as("bytes sent within the default window").isEqualTo(Http2.DEFAULT_WINDOW);

    transport.clear();
    serverSends(FrameWriter.windowUpdate(0, 50_000), FrameWriter.windowUpdate(1, 50_000));
    List<String> more = new FrameLog(false).read(transport.value());
    long rest = more.stream().filter(f -> f.startsWith("DATA 1 "))
        .mapToLong(f -> Long.parseLong(f.split(" ")[2])).sum();
    assertThat(rest).isEqualTo(100_000 - Http2.DEFAULT_WINDOW);
    assertThat(more).last().asString().endsWith("end");
  }

  @Test
  void goAwayFailsOnlyTheStreamsPastItsLastIdAndNoNewRequestIsTaken() throws Exception {
    Deferred<Response> first = get("/1");
    Deferred<Response> second = get("/2");
    serverSends(FrameWriter.goAway(1, Http2.NO_ERROR, ""));

    assertThat(failureOf(second)).isInstanceOf(ResponseFailed.class)
        .hasMessageContaining("not processed");
    assertThat(client.isUsable()).isFalse();
    assertThat(first.called()).isFalse();
    serverSends(response(1, true));
    assertThat(first.called()).isTrue();
    assertThat(transport.disconnecting).as("closed once the last stream ended").isTrue();
  }

  @Test
  void aResetStreamFailsItsRequest() throws Exception {
    Deferred<Response> d = get("/");
    serverSends(FrameWriter.rstStream(1, Http2.REFUSED_STREAM));

    assertThat(failureOf(d)).isInstanceOf(ResponseFailed.class).hasMessageContaining("REFUSED_STREAM");
    assertThat(client.isUsable()).isTrue();
  }

  @Test
  void aPushPromiseIsAConnectionError() throws Exception {
    Deferred<Response> d = get("/");
    byte[] push = new byte[Http2.FRAME_HEADER_LENGTH + 4];
    push[2] = 4;
    push[3] = Http2.PUSH_PROMISE;
    push[4] = Http2.FLAG_END_HEADERS;
    push[8] = 1;
    push[12] = 2;
    serverSends(push);

    assertThat(failureOf(d)).isInstanceOf(ResponseFailed.class);
    assertThat(sent()).last().isEqualTo("GOAWAY " + Http2.PROTOCOL_ERROR);
    assertThat(transport.disconnecting).isTrue();
  }

  @Test
  void aBodyPastTheLimitFailsAndResetsTheStream() throws Exception {
    Response[] r = new Response[1];
    get("/").addCallback(x -> r[0] = x);
    serverSends(response(1, false));
    Deferred<byte[]> body = body(r[0]);
    byte[] chunk = new byte[16384];
    for (int i = 0; i < 7; i++) {
      serverSends(FrameWriter.data(1, chunk, 0, chunk.length, false));
    }

    assertThat(failureOf(body)).isInstanceOf(ResponseFailed.class).hasMessageContaining("larger than");
    assertThat(sent()).contains("RST_STREAM 1 " + Http2.CANCEL);
  }

  @Test
  void headerFieldsPastTheLimitFailTheRequest() throws Exception {
    Deferred<Response> d = get("/");
    serverSends(response(1, true, "x-big", "v".repeat(5000)));

    assertThat(failureOf(d)).isInstanceOf(ResponseFailed.class).hasMessageContaining("over the limit");
  }

  @Test
  void aPausedBodyIsNotCreditedUntilRead() throws Exception {
    Response[] r = new Response[1];
    get("/").addCallback(x -> r[0] = x);
    serverSends(response(1, false));
    transport.clear();
    byte[] chunk = new byte[16384];
    for (int i = 0; i < 4; i++) {
      serverSends(FrameWriter.data(1, chunk, 0, chunk.length, false));
    }
    assertThat(new FrameLog(false).read(transport.value()))
        .as("no credit while nobody reads the body").noneMatch(f -> f.startsWith("WINDOW_UPDATE"));

    body(r[0]);
    assertThat(new FrameLog(false).read(transport.value()))
        .contains("WINDOW_UPDATE 1 65536", "WINDOW_UPDATE 0 65536");
  }

  @Test
  void cancellingBeforeTheResponseResetsTheStream() throws Exception {
    Deferred<Response> d = get("/");
    d.cancel();

    assertThat(sent()).contains("RST_STREAM 1 " + Http2.CANCEL);
    assertThat(client.activeStreams()).isZero();
    d.addErrback(f -> null);
  }

  @Test
  void theConnectionLostFailsEveryStream() throws Exception {
    Deferred<Response> d = get("/");
    client.transportClosed(Failure.of(new java.io.IOException("gone")));

    assertThat(failureOf(d)).isInstanceOf(ResponseFailed.class);
    assertThat(client.isClosed()).isTrue();
  }

  /** Sends a GET on stream 1; the server answers 200 with "hi" and then {@code rest}. */
  private Response answered(byte[]... rest) {
    Response[] r = new Response[1];
    get("/").addCallback(x -> r[0] = x);
    serverSends(response(1, false), FrameWriter.data(1, "hi".getBytes(), 0, 2, false));
    serverSends(rest);
    return r[0];
  }

  @Test
  void aHeadersFrameEndingTheStreamAfterTheDataIsTheResponsesTrailers() {
    Response r = answered(trailers(1, true, "grpc-status", "0", "x-checksum", "abc"));

    assertThat(new String(successResultOf(body(r)))).isEqualTo("hi");
    assertThat(r.trailers().getFirst("grpc-status")).isEqualTo("0");
    assertThat(r.trailers().getFirst("X-Checksum")).isEqualTo("abc");
    assertThat(r.headers().contains("grpc-status")).as("not merged into the head").isFalse();
    assertThat(client.activeStreams()).isZero();
  }

  @Test
  void trailersThatArriveBeforeTheBodyIsReadAreShownOnlyOnceItHasBeen() {
    Response r = answered(trailers(1, true, "x-checksum", "abc"));

    assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
    successResultOf(body(r));
    assertThat(r.trailers().getFirst("x-checksum")).isEqualTo("abc");
  }

  @Test
  void aStreamEndedByDataOrByTheResponseHeadersHasEmptyTrailers() {
    Response byData = answered(FrameWriter.data(1, new byte[0], 0, 0, true));
    Response[] byHead = new Response[1];
    get("/").addCallback(x -> byHead[0] = x);
    serverSends(response(3, true));

    successResultOf(body(byData));
    successResultOf(body(byHead[0]));
    assertThat(byData.trailers().size()).isZero();
    assertThat(byHead[0].trailers().size()).isZero();
  }

  @Test
  void fieldsThatMayNotBeTrailersAreDropped() {
    Response r = answered(trailers(1, true, "content-length", "99", "host", "evil.example",
        "authorization", "Basic eDp5", "set-cookie", "stolen=1", "content-type", "text/evil",
        "x-kept", "yes"));

    successResultOf(body(r));
    assertThat(r.trailers().names()).containsExactly("x-kept");
    assertThat(r.length()).isEqualTo(-1);
  }

  @Test
  void aPseudoHeaderInTrailersIsAMalformedResponse() throws Exception {
    Response r = answered(trailers(1, true, ":status", "200", "x-checksum", "abc"));

    assertThat(failureOf(body(r))).isInstanceOf(ResponseFailed.class)
        .hasMessageContaining("pseudo-header in trailers: :status");
    assertThat(sent()).contains("RST_STREAM 1 " + Http2.PROTOCOL_ERROR);
    assertThat(client.isUsable()).as("a stream error only").isTrue();
  }

  @Test
  void aConnectionSpecificFieldInTrailersIsAMalformedResponse() throws Exception {
    Response r = answered(trailers(1, true, "transfer-encoding", "chunked"));

    assertThat(failureOf(body(r))).isInstanceOf(ResponseFailed.class);
    assertThat(sent()).contains("RST_STREAM 1 " + Http2.PROTOCOL_ERROR);
  }

  @Test
  void trailersThatDoNotEndTheStreamAreAMalformedResponse() throws Exception {
    Response r = answered(trailers(1, false, "x-checksum", "abc"));

    assertThat(failureOf(body(r))).isInstanceOf(ResponseFailed.class);
    assertThat(sent()).contains("RST_STREAM 1 " + Http2.PROTOCOL_ERROR);
  }

  @Test
  void trailersPastTheHeaderLimitFailTheBodyAndResetOnlyTheirStream() throws Exception {
    Response r = answered(trailers(1, true, "x-big", "v".repeat(5000)));

    assertThat(failureOf(body(r))).isInstanceOf(ResponseFailed.class)
        .hasMessageContaining("trailer fields over the limit (4096 bytes");
    assertThatThrownBy(r::trailers).isInstanceOf(IllegalStateException.class);
    assertThat(sent()).contains("RST_STREAM 1 " + Http2.CANCEL);
    assertThat(client.activeStreams()).isZero();
    assertThat(client.isUsable()).isTrue();
  }
}
