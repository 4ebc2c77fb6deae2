package dev.torsion.web.internal;

import java.io.ByteArrayOutputStream;
import java.util.zip.DataFormatException;
import java.util.zip.Inflater;

/**
 * An {@link Inflater} that refuses to decode more than a set number of bytes in all: the inflate
 * loop the gzip and deflate decoders share, so a small compressed body cannot become a huge
 * decoded one in memory.
 */
final class CappedInflater {
  private final Inflater inflater;
  private final long max;
  private final String coding;
  private long total;

  /** {@code nowrap} as for {@link Inflater#Inflater(boolean)}; {@code coding} names it in errors. */
  CappedInflater(boolean nowrap, long maxDecodedBytes, String coding) {
    this.inflater = new Inflater(nowrap);
    this.max = maxDecodedBytes;
    this.coding = coding;
  }

  /** Inflates as much of {@code input} as makes up the stream; DecodeError past the cap or on bad data. */
  byte[] inflate(byte[] input) throws GzipStreamDecoder.DecodeError {
    inflater.setInput(input);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    byte[] buf = new byte[16 * 1024];
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(buf);
        if (n == 0) {
          if (inflater.needsDictionary()) {
            // RFC 1950 FDICT: no HTTP coding names a dictionary, so nothing can follow; waiting
            // for one would drop the rest of the body without a word.
            throw new GzipStreamDecoder.DecodeError(coding + " stream needs a preset dictionary");
          }
          if (inflater.needsInput()) {
            break;
          }
          continue;
        }
        total += n;
        if (total > max) {
          throw new GzipStreamDecoder.DecodeError(coding + " body decodes to more than " + max + " bytes");
        }
        out.write(buf, 0, n);
      }
    } catch (DataFormatException e) {
      throw new GzipStreamDecoder.DecodeError("invalid deflate data: " + e.getMessage());
    }
    return out.toByteArray();
  }

  /** True once the end of the deflate stream has been inflated. */
  boolean finished() {
    return inflater.finished();
  }

  /** How many bytes of the last input came after the end of the deflate stream. */
  int remaining() {
    return inflater.getRemaining();
  }

  /** How many bytes have been decoded in all. */
  long total() {
    return total;
  }

  /** Frees the native inflater. */
  void end() {
    inflater.end();
  }
}
