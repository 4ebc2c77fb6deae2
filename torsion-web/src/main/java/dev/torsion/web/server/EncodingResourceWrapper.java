package dev.torsion.web.server;

import java.util.Locale;
import java.util.function.Supplier;

/**
 * Wraps a resource tree so responses are gzip-encoded when the client accepts it: Twisted's
 * {@code twisted.web.resource.EncodingResourceWrapper} with {@code GzipEncoderFactory}. Children
 * found through the wrapper are wrapped too. Partial (206) and 304 responses go out unencoded.
 *
 * <pre>{@code
 * Site site = new Site(new EncodingResourceWrapper(root));
 * }</pre>
 */
public final class EncodingResourceWrapper extends Resource {
  private final Resource wrapped;
  private final Supplier<ContentEncoder> encoder;

  /** Gzip-encodes {@code wrapped}'s responses. */
  public EncodingResourceWrapper(Resource wrapped) {
    this(wrapped, GzipEncoder::new);
  }

  /** Encodes with {@code encoder} (whose {@link ContentEncoder#name} must be accepted). */
  public EncodingResourceWrapper(Resource wrapped, Supplier<ContentEncoder> encoder) {
    this.wrapped = wrapped;
    this.encoder = encoder;
  }

  @Override
  public boolean isLeaf() {
    return wrapped.isLeaf();
  }

  @Override
  public void putChild(String path, Resource child) {
    wrapped.putChild(path, child);
  }

  @Override
  public Resource getChildWithDefault(String path, Request request) {
    Resource child = wrapped.getChildWithDefault(path, request);
    return child instanceof EncodingResourceWrapper ? child
        : new EncodingResourceWrapper(child, encoder);
  }

  @Override
  public byte[] render(Request request) {
    ContentEncoder e = encoder.get();
    if (accepts(request.getHeader("Accept-Encoding"), e.name())) {
      request.setContentEncoder(e);
    }
    return wrapped.render(request);
  }

  /** True when an Accept-Encoding value accepts {@code coding} with a non-zero q. */
  static boolean accepts(String acceptEncoding, String coding) {
    if (acceptEncoding == null) {
      return false;
    }
    for (String item : acceptEncoding.split(",")) {
      String[] parts = item.trim().split(";");
      String name = parts[0].trim().toLowerCase(Locale.ROOT);
      if (name.equals(coding) || name.equals("*")) {
        for (int i = 1; i < parts.length; i++) {
          String p = parts[i].trim();
          if (p.startsWith("q=") || p.startsWith("Q=")) {
            try {
              if (Double.parseDouble(p.substring(2)) <= 0) {
                return false;
              }
            } catch (NumberFormatException ex) {
              return false;
            }
          }
        }
        return true;
      }
    }
    return false;
  }
}
