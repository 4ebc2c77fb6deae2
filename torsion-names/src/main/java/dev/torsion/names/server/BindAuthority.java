package dev.torsion.names.server;

import java.nio.file.Path;

/**
 * An authority loaded once from a BIND zone file: Twisted's {@code authority.BindAuthority}.
 * The origin starts as the file's name without {@code .zone} or {@code .db}; {@code $ORIGIN}
 * and the SOA owner decide in the end.
 *
 * <pre>{@code
 * Authority a = BindAuthority.load(Path.of("example.com.zone"));
 * }</pre>
 */
public final class BindAuthority implements Authority {
  private final Zone zone;

  private BindAuthority(Zone zone) {
    this.zone = zone;
  }

  /** Loads the zone; a {@link ZoneFileError} names the file and line of the first mistake. */
  public static BindAuthority load(Path file) throws ZoneFileError {
    String base = file.getFileName().toString();
    for (String suffix : new String[] {".zone", ".db", ".txt"}) {
      if (base.endsWith(suffix)) {
        base = base.substring(0, base.length() - suffix.length());
      }
    }
    try {
      return new BindAuthority(Zone.of(ZoneFile.load(file, base)));
    } catch (IllegalArgumentException e) {
      throw new ZoneFileError(file + ": " + e.getMessage());
    }
  }

  /** An authority over records already in memory. */
  public static BindAuthority of(Zone zone) {
    return new BindAuthority(zone);
  }

  @Override
  public String origin() {
    return zone.origin();
  }

  @Override
  public Zone zone() {
    return zone;
  }
}
