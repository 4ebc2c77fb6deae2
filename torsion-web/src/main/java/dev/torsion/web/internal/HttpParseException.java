package dev.torsion.web.internal;

/**
 * A message that cannot be accepted, with the status to answer it with; the connection is closed
 * after the answer, since nothing after a bad message can be trusted to be framed right.
 */
public final class HttpParseException extends Exception {
  private final int status;

  public HttpParseException(int status, String message) {
    super(message, null, false, false);
    this.status = status;
  }

  public int status() {
    return status;
  }
}
