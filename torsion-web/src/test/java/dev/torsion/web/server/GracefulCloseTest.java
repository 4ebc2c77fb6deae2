package dev.torsion.web.server;

import static dev.torsion.web.server.Resources.utf8;
import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.GracefulClose;
import dev.torsion.web.internal.Http1ServerConnection;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/**
 * A Site's HTTP/1.1 connection asked to close gracefully (its server is shutting down): the
 * request under way is answered with {@code Connection: close}; an idle connection closes once it
 * has been idle for {@link Http1ServerConnection#IDLE_GRACE_SECONDS}, and a request arriving
 * before that is still answered, with close.
 */
class GracefulCloseTest {
  private static final String GET = "GET / HTTP/1.1\r\nHost: h\r\n\r\n";
  private static final double GRACE = Http1ServerConnection.IDLE_GRACE_SECONDS;

  private ServerHarness server;

  @AfterEach
  void noTimersLeft() {
    assertThat(server.closed()).isTrue();
    assertThat(server.clock.getDelayedCalls()).isEmpty();
  }

  private void askToClose() {
    ((GracefulClose) server.protocol).closeGracefully();
  }

  private int responses() {
    return server.output().split("HTTP/1.1 200 OK", -1).length - 1;
  }

  @Test
  void aConnectionIdleForTheGraceClosesAtOnce() {
    server = new ServerHarness(new Resources.Text("hi")).connect();
    server.send(GET);
    server.clock.advance(GRACE);

    askToClose();

    assertThat(server.closed()).isTrue();
    assertThat(responses()).isEqualTo(1);
  }

  @Test
  void aRequestArrivingJustAfterAResponseIsStillAnsweredWithClose() {
    server = new ServerHarness(new Resources.Text("hi")).connect();
    server.send(GET);
    askToClose();
    assertThat(server.closed()).isFalse(); // the client may be sending its next request already

    server.clock.advance(GRACE / 2);
    server.send(GET);

    assertThat(responses()).isEqualTo(2);
    assertThat(server.output().substring(server.output().lastIndexOf("HTTP/1.1 200 OK")))
        .contains("Connection: close\r\n").endsWith("hi");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void anIdleConnectionClosesWhenTheGraceEndsWithoutARequest() {
    server = new ServerHarness(new Resources.Text("hi")).connect();
    server.send(GET);
    server.clock.advance(GRACE / 2);
    askToClose();
    assertThat(server.closed()).isFalse();

    server.clock.advance(GRACE / 2);

    assertThat(server.closed()).isTrue();
    assertThat(responses()).isEqualTo(1);
  }

  @Test
  void theRequestUnderWayIsFinishedThenTheConnectionCloses() {
    Resources.Held held = new Resources.Held();
    server = new ServerHarness(held).connect();
    server.send(GET);
    askToClose();
    server.clock.advance(10 * GRACE);
    assertThat(server.closed()).isFalse(); // a busy connection is not idle: no grace applies

    held.requests.get(0).writeAndFinish(utf8("done"));

    assertThat(server.output()).contains("Connection: close\r\n").endsWith("done");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void aResponseStartedWithKeepAliveIsFinishedAndTheNextRequestGetsClose() {
    Resources.Held held = new Resources.Held();
    server = new ServerHarness(held).connect();
    server.send(GET);
    held.requests.get(0).write(utf8("part"));
    askToClose(); // too late for this response's head, which said keep-alive (chunked)
    held.requests.get(0).finish();
    assertThat(server.closed()).isFalse();

    server.send(GET);
    held.requests.get(1).writeAndFinish(utf8("second"));

    assertThat(server.output().substring(server.output().lastIndexOf("HTTP/1.1 200 OK")))
        .contains("Connection: close\r\n");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void aConnectionWithoutAByteYetGetsTheGraceForItsFirstRequest() {
    server = new ServerHarness(new Resources.Text("hi")).connect();
    askToClose(); // accepted from the backlog as the port closed, say

    server.send(GET);

    assertThat(server.output()).contains("Connection: close\r\n").endsWith("hi");
    assertThat(server.closed()).isTrue();
  }

  @Test
  void aConnectionWithoutAByteClosesWhenTheGraceEnds() {
    server = new ServerHarness(new Resources.Text("hi")).connect();
    askToClose();
    server.clock.advance(GRACE / 2);
    assertThat(server.closed()).isFalse();

    server.clock.advance(GRACE / 2);

    assertThat(server.closed()).isTrue();
    assertThat(server.output()).isEmpty();
  }

  @Test
  void withoutHttp2TheHttp1ConnectionItselfClosesGracefully() {
    server = new ServerHarness(new Resources.Text("hi"));
    server.site.setHttp2Limits(null);
    server.connect();
    assertThat(server.protocol).isInstanceOf(Http1ServerConnection.class);
    server.send(GET);
    askToClose();

    server.send(GET);

    assertThat(server.output()).endsWith("hi").contains("Connection: close\r\n");
    assertThat(server.closed()).isTrue();
  }
}
