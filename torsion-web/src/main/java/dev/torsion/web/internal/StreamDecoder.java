package dev.torsion.web.internal;

/** A content-coding decoder fed a body piece by piece (gzip, deflate). */
public interface StreamDecoder {
  /** The decoded bytes for {@code data} (maybe none yet); DecodeError when malformed or past the cap. */
  byte[] decode(byte[] data) throws GzipStreamDecoder.DecodeError;

  /** True once the whole coded stream has been seen. */
  boolean isFinished();
}
