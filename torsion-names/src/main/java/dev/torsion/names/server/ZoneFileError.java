package dev.torsion.names.server;

/**
 * A zone file that cannot be loaded; the message names the file and line, as in {@code
 * example.zone:12: MX needs a preference and a host}.
 *
 * <pre>{@code
 * try { ZoneFile.load(path); } catch (ZoneFileError e) { System.err.println(e.getMessage()); }
 * }</pre>
 */
public final class ZoneFileError extends Exception {
  public ZoneFileError(String message) {
    super(message);
  }
}
