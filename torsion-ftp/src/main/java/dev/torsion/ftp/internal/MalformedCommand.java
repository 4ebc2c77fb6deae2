package dev.torsion.ftp.internal;

/** A command line that is not an FTP command: answered with 500, the connection stays up. */
public final class MalformedCommand extends RuntimeException {
  public MalformedCommand(String message) {
    super(message);
  }
}
