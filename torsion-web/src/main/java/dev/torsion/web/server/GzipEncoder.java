package dev.torsion.web.server;

import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.zip.Deflater;
import java.util.zip.GZIPOutputStream;

/**
 * A gzip {@link ContentEncoder}, flushing each piece so that streamed responses stream: Twisted's
 * {@code _GzipEncoder}.
 *
 * <pre>{@code
 * Resource root = new EncodingResourceWrapper(new MyResource());
 * }</pre>
 */
public final class GzipEncoder implements ContentEncoder {
  private final ByteArrayOutputStream out = new ByteArrayOutputStream();
  private final GZIPOutputStream gzip;

  public GzipEncoder() {
    try {
      gzip = new GZIPOutputStream(out, 8192, true) {
        {
          def.setLevel(Deflater.DEFAULT_COMPRESSION);
        }
      };
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "gzip";
  }

  @Override
  public byte[] encode(byte[] data) {
    try {
      gzip.write(data);
      gzip.flush();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return take();
  }

  @Override
  public byte[] finish() {
    try {
      gzip.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return take();
  }

  private byte[] take() {
    byte[] b = out.toByteArray();
    out.reset();
    return b;
  }
}
