package dev.torsion.web.proxy;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.PushProducer;
import dev.torsion.internet.TimeoutError;
import dev.torsion.web.Headers;
import dev.torsion.web.Http;
import dev.torsion.web.client.Agent;
import dev.torsion.web.client.BodyProducer;
import dev.torsion.web.client.Response;
import dev.torsion.web.client.ResponseDone;
import dev.torsion.web.server.ErrorPage;
import dev.torsion.web.server.Request;
import java.util.ArrayList;

/**
 * One proxied exchange: sends the client's request to the backend and pours the backend's
 * response into the client's {@link Request}, with the client connection's flow control pausing
 * the backend connection.
 *
 * <pre>
 *   client ──▶ Request ──StreamedUpload (a BodyProducer)──▶ Agent ──▶ backend
 *        ◀── client reading paused ◀── backend connection's write buffer full
 *   client ◀── Request.write ◀── BodyRelay.dataReceived ◀── Response.deliverBody ◀── backend
 *                  └── client transport full: pauseProducing ──▶ backend transport paused
 * </pre>
 *
 * <p>If the client goes away before the backend's response head, the backend request is
 * cancelled (its connection closed), so a backend that never answers holds nothing; after the
 * head, the client connection stops the backend body through the producer above.
 */
final class ProxyRelay {
  private final Request request;
  private final String backend;

  ProxyRelay(Request request, String backend) {
    this.request = request;
    this.backend = backend;
  }

  void start(Agent agent, String url, Headers headers) {
    BodyProducer body;
    if (request.isBodyStreamed()) {
      // Streamed: the length is the client's Content-Length (parsed strictly), else chunked.
      String cl = request.getHeader("Content-Length");
      body = new StreamedUpload(request, cl == null ? -1 : Long.parseLong(cl));
    } else {
      long length = request.getContentLength();
      body = length > 0 ? BodyProducer.of(request.getContent(), length) : null;
    }
    Deferred<Response> exchange = agent.request(request.getMethod(), url, headers, body);
    exchange.addCallbacks(response -> {
      relay(response);
      return null;
    }, failure -> {
      failed(failure);
      return null;
    });
    // Only a lost client fails notifyFinish; cancelling once the response is in does nothing.
    request.notifyFinish().addErrback(lost -> {
      exchange.cancel();
      return null;
    });
  }

  private void relay(Response response) {
    if (request.isLost()) {
      response.deliverBody(new Protocol() {
        @Override public void connectionMade() {
          transport.stopProducing(); // nobody to read it: drop the backend connection
        }
      });
      return;
    }
    String phrase = response.phrase();
    request.setResponseCode(response.code(), phrase == null || phrase.isEmpty() ? null : phrase);
    Headers h = response.headers().copy();
    HopByHopHeaders.strip(h);
    Headers out = request.getResponseHeaders();
    h.forEach(out::add);
    response.deliverBody(new BodyRelay());
  }

  private void failed(Failure failure) {
    if (request.isLost() || request.isFinished()) {
      return;
    }
    boolean timeout = failure.check(TimeoutError.class) != null;
    errorPage(timeout ? Http.GATEWAY_TIMEOUT : Http.BAD_GATEWAY,
        "The backend " + backend + " could not be reached: " + failure.getErrorMessage());
  }

  private void errorPage(int code, String message) {
    Headers out = request.getResponseHeaders();
    for (String name : new ArrayList<>(out.names())) {
      out.remove(name);
    }
    request.writeAndFinish(new ErrorPage(code, Http.phrase(code), message).render(request));
  }

  /** Receives the backend's body and writes it to the client, as the client's producer. */
  private final class BodyRelay extends Protocol implements PushProducer {
    @Override
    public void connectionMade() {
      request.registerProducer(this, true);
    }

    @Override
    public void dataReceived(byte[] data) {
      if (!request.isLost() && !request.isFinished()) {
        request.write(data);
      }
    }

    @Override
    public void connectionLost(Failure reason) {
      if (request.isLost() || request.isFinished()) {
        return;
      }
      request.unregisterProducer();
      if (reason.check(ResponseDone.class) != null) {
        request.finish();
      } else if (!request.isStartedWriting()) {
        errorPage(Http.BAD_GATEWAY, "The backend " + backend + " failed: " + reason.getErrorMessage());
      } else {
        // Part of the body is out: only dropping the connection tells the client it is cut short.
        request.processingFailed(new IllegalStateException(
            "backend " + backend + " failed during the response body: " + reason.getErrorMessage()));
      }
    }

    @Override
    public void pauseProducing() {
      transport.pauseProducing();
    }

    @Override
    public void resumeProducing() {
      transport.resumeProducing();
    }

    @Override
    public void stopProducing() {
      transport.stopProducing();
    }
  }

}
