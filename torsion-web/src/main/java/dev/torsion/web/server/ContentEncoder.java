package dev.torsion.web.server;

/**
 * Transforms a response body as it is written, such as gzip: the encoder behind Twisted's {@code
 * EncodingResourceWrapper}. An encoder holds state for one response.
 *
 * <pre>{@code
 * request.setContentEncoder(new GzipEncoder());
 * }</pre>
 */
public interface ContentEncoder {
  /** The Content-Encoding token this encoder produces, such as "gzip". */
  String name();

  /** Encodes the next piece; may return an empty array while it buffers. */
  byte[] encode(byte[] data);

  /** Ends the stream and returns what is left to send. */
  byte[] finish();
}
