package dev.torsion.web.server;

import dev.torsion.internet.Failure;

/**
 * Implemented by a {@link Resource} that wants a request body as it arrives rather than read
 * whole first: the server then renders the resource as soon as the request head is parsed and
 * hands it the body piece by piece through a {@link Receiver}, with {@link
 * Request#pauseBody()}/{@link Request#resumeBody()} pausing the client connection's reading.
 * Twisted has no such hook (its {@code Request.content} is always complete); it is Netty's
 * {@code HttpContent} stream without the reference counting.
 *
 * <pre>{@code
 * class Upload extends Resource implements StreamingRequestBody {
 *   public long streamingBodyLimit(Request request) {
 *     return 1L << 30; // 413 beyond 1 GiB
 *   }
 *
 *   public byte[] render(Request request) {
 *     request.setBodyReceiver(new StreamingRequestBody.Receiver() {
 *       public void bodyDataReceived(byte[] data) { sink.write(data); }
 *       public void bodyEnded(Failure reason) {
 *         if (reason == null) request.writeAndFinish("stored\n".getBytes());
 *       }
 *     });
 *     return Site.NOT_DONE_YET;
 *   }
 * }
 * }</pre>
 *
 * <p>Only requests that have a body stream. To find out, the server locates the resource of
 * every request with a body as soon as its head is parsed, on a request whose {@link
 * Request#getContent()} is empty and whose form arguments are not parsed; a streaming resource
 * is rendered with that very request, and for any other the tree is traversed again, once the
 * body is read, as before (so {@code getChild} may see such a request twice). Every other
 * resource, and a streaming one answering a negative limit, gets the body read
 * whole, under {@link Site#setMaxBodyBytes} as usual. {@code Expect: 100-continue} is answered
 * before the resource renders. The site's idle timeout runs between body pieces (408, and the
 * receiver hears it), but not while the resource has paused the body. If the response finishes before the body has all arrived, the
 * rest is discarded and the connection closes after the response.
 */
public interface StreamingRequestBody {
  /**
   * The largest body to stream for {@code request} (413 Content Too Large beyond it, before or
   * while it arrives), or a negative number to read this request's body whole as usual. Called
   * once the head is parsed and this resource located, before rendering.
   */
  long streamingBodyLimit(Request request);

  /**
   * Where a streamed body goes: set with {@link Request#setBodyReceiver} (during render, or
   * later: what ended in between is told at once; data that came in between is dropped, so
   * pause first with {@link Request#pauseBody()} if it will be later).
   */
  interface Receiver {
    /** The next piece of the (de-chunked) body; the array is the receiver's to keep. */
    void bodyDataReceived(byte[] data);

    /**
     * The body ended: {@code reason} is null when it arrived whole, else why not (the client
     * went away, a malformed chunk, more than the limit). Called exactly once.
     */
    void bodyEnded(Failure reason);
  }
}
