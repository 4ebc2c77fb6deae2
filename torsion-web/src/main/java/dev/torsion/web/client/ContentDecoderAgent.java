package dev.torsion.web.client;

import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.web.Headers;
import dev.torsion.web.internal.DeflateStreamDecoder;
import dev.torsion.web.internal.GzipStreamDecoder;
import dev.torsion.web.internal.StreamDecoder;
import java.util.Locale;

/**
 * Asks for gzip or deflate and decodes such responses as they stream: Twisted's {@code
 * ContentDecoderAgent} with {@code GzipDecoder}, plus deflate (zlib-wrapped or raw). Decoding is
 * capped (64 MiB by default): a body that would inflate past the cap fails with {@link
 * ResponseFailed} instead of exhausting memory (no gzip bombs). A decoded response's {@link
 * Response#trailers} are the raw one's, known once the decoded body has been delivered whole.
 *
 * <pre>{@code
 * Agent agent = new ContentDecoderAgent(new HttpAgent(reactor));
 * }</pre>
 */
public final class ContentDecoderAgent implements Agent {
  private final Agent agent;
  private final long maxDecoded;

  public ContentDecoderAgent(Agent agent) {
    this(agent, 64L * 1024 * 1024);
  }

  public ContentDecoderAgent(Agent agent, long maxDecodedBytes) {
    this.agent = agent;
    this.maxDecoded = maxDecodedBytes;
  }

  @Override
  public Deferred<Response> request(String method, String uri, Headers headers, BodyProducer body) {
    Headers h = headers == null ? new Headers() : headers.copy();
    h.set("Accept-Encoding", "gzip, deflate");
    return agent.request(method, uri, h, body).addCallback(response -> {
      String coding = response.headers().getFirst("Content-Encoding");
      String c = coding == null ? "" : coding.trim().toLowerCase(Locale.ROOT);
      if (!c.equals("gzip") && !c.equals("x-gzip") && !c.equals("deflate")) {
        return response;
      }
      Headers decodedHeaders = response.headers().copy();
      decodedHeaders.remove("Content-Encoding");
      decodedHeaders.remove("Content-Length");
      return new DecodedResponse(response, decodedHeaders, maxDecoded, c.equals("deflate"));
    });
  }

  private static final class DecodedResponse extends Response {
    private final Response raw;
    private final long max;
    private final boolean deflate;
    private boolean delivered; // the decoded body's protocol has heard ResponseDone

    DecodedResponse(Response raw, Headers headers, long max, boolean deflate) {
      super(raw.code(), raw.phrase(), raw.version(), headers, -1);
      this.raw = raw;
      this.max = max;
      this.deflate = deflate;
    }

    @Override
    public Headers trailers() {
      if (!delivered) {
        throw new IllegalStateException(
            "trailers are known once the whole decoded body has been delivered (ResponseDone)");
      }
      return raw.trailers();
    }

    @Override
    public void deliverBody(Protocol protocol) {
      StreamDecoder decoder = deflate ? new DeflateStreamDecoder(max) : new GzipStreamDecoder(max);
      raw.deliverBody(new Protocol() {
        private boolean failed;

        @Override public void connectionMade() {
          protocol.makeConnection(transport);
        }

        @Override public void dataReceived(byte[] data) {
          if (failed) {
            return;
          }
          byte[] out;
          try {
            out = decoder.decode(data);
          } catch (GzipStreamDecoder.DecodeError e) {
            failed = true;
            transport.stopProducing();
            protocol.transportClosed(Failure.of(new ResponseFailed(e.getMessage(), e)));
            return;
          }
          if (out.length > 0) {
            protocol.dataReceived(out);
          }
        }

        @Override public void connectionLost(Failure reason) {
          if (failed) {
            return;
          }
          if (reason.check(ResponseDone.class) != null && !decoder.isFinished()) {
            protocol.transportClosed(Failure.of(new ResponseFailed(
                "truncated " + (deflate ? "deflate" : "gzip") + " body")));
            return;
          }
          delivered = reason.check(ResponseDone.class) != null;
          protocol.transportClosed(reason);
        }
      });
    }
  }
}
