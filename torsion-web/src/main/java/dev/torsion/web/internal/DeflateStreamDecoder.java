package dev.torsion.web.internal;

/**
 * Decodes a "deflate" content-coding piece by piece, with a cap on the decoded size. RFC 9110
 * 8.4.1.2 says zlib (RFC 1950), but some servers send raw deflate (RFC 1951), so the first two
 * bytes decide, as browsers do.
 *
 * <pre>
 *   zlib: CMF FLG (CM = 8, (CMF*256 + FLG) % 31 == 0) deflate... ADLER32
 *   raw:  deflate...
 * </pre>
 */
public final class DeflateStreamDecoder implements StreamDecoder {
  private final long max;
  private CappedInflater inflater;
  private byte first = -1;
  private boolean haveFirst;
  private boolean finished;

  public DeflateStreamDecoder(long maxDecodedBytes) {
    this.max = maxDecodedBytes;
  }

  @Override
  public boolean isFinished() {
    return finished;
  }

  @Override
  public byte[] decode(byte[] data) throws GzipStreamDecoder.DecodeError {
    if (finished || data.length == 0) {
      return new byte[0]; // bytes after the end are ignored, as for gzip
    }
    byte[] input = data;
    if (inflater == null) {
      if (!haveFirst) {
        haveFirst = true;
        first = data[0];
        if (data.length == 1) {
          return new byte[0];
        }
        input = data;
      } else {
        input = new byte[data.length + 1];
        input[0] = first;
        System.arraycopy(data, 0, input, 1, data.length);
      }
      int cmf = input[0] & 0xff;
      int flg = input[1] & 0xff;
      boolean zlib = (cmf & 0x0f) == 8 && (cmf * 256 + flg) % 31 == 0;
      inflater = new CappedInflater(!zlib, max, "deflate");
    }
    byte[] out = inflater.inflate(input);
    if (inflater.finished()) {
      finished = true;
      inflater.end();
    }
    return out;
  }
}
