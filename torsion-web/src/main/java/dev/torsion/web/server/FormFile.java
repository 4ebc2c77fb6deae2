package dev.torsion.web.server;

import java.io.InputStream;
import java.nio.file.Path;

/**
 * A file uploaded in a multipart/form-data request, held in memory when small and spooled to a
 * temporary file past the site's threshold; the file is deleted when the request finishes.
 * Twisted hands uploads over as bytes in {@code request.args}; this keeps large ones off the heap.
 *
 * <pre>{@code
 * FormFile upload = request.getUpload("photo");
 * try (InputStream in = upload.open()) { ... }
 * }</pre>
 */
public interface FormFile {
  /** The form field's name. */
  String name();

  /** The file name the client sent (untrusted: never use it as a path as it is). */
  String filename();

  /** The part's Content-Type, or application/octet-stream. */
  String contentType();

  long size();

  /** The whole content (read from disk if it was spooled). */
  byte[] bytes();

  /** A stream over the content. */
  InputStream open();

  /** The temporary file holding the content, or null when it is in memory. */
  Path path();
}
