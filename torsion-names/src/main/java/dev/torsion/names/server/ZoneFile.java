package dev.torsion.names.server;

import dev.torsion.names.RRHeader;
import dev.torsion.names.RRType;
import dev.torsion.names.Record;
import dev.torsion.names.internal.Names;
import java.io.IOException;
import java.net.Inet4Address;
import java.net.Inet6Address;
import java.net.InetAddress;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.Locale;

/**
 * Reads a BIND master file (RFC 1035 5): Twisted's {@code authority.BindAuthority} parser. It
 * understands {@code $ORIGIN}, {@code $TTL}, {@code $INCLUDE}, {@code @}, names relative to the
 * origin, an omitted owner (the previous one), TTL and class in either order, parentheses across
 * lines, {@code ;} comments, quoted strings, BIND time units ({@code 1h30m}) and RFC 3597's
 * {@code TYPE99 \# 3 abcdef}.
 *
 * <pre>{@code
 * List<RRHeader> records = ZoneFile.load(Path.of("example.zone"), "example.com");
 * }</pre>
 */
public final class ZoneFile {
  /** Nesting of $INCLUDE; deeper is surely a loop. */
  private static final int MAX_INCLUDE_DEPTH = 8;
  /** A bigger zone file than this is not one we should hold in memory. */
  public static final long MAX_FILE_SIZE = 64L << 20;

  private final List<RRHeader> records = new ArrayList<>();
  private String owner;
  private long defaultTtl = -1;
  private long lastTtl = -1;

  private ZoneFile() {}

  /** Loads a zone file; {@code origin} is the initial {@code $ORIGIN} (the zone's name). */
  public static List<RRHeader> load(Path file, String origin) throws ZoneFileError {
    ZoneFile z = new ZoneFile();
    z.file(file, Names.key(origin), 0);
    return z.records;
  }

  /** Parses zone text; {@code $INCLUDE} is refused since there is no directory to read from. */
  public static List<RRHeader> parse(String text, String origin, String label)
      throws ZoneFileError {
    ZoneFile z = new ZoneFile();
    z.text(text, Names.key(origin), label, null, 0);
    return z.records;
  }

  private void file(Path file, String origin, int depth) throws ZoneFileError {
    String text;
    try {
      if (Files.size(file) > MAX_FILE_SIZE) {
        throw new ZoneFileError(file + ": larger than " + MAX_FILE_SIZE + " bytes");
      }
      text = Files.readString(file, StandardCharsets.ISO_8859_1);
    } catch (IOException e) {
      throw new ZoneFileError(file + ": cannot read: " + e.getMessage());
    }
    text(text, origin, file.toString(), file.toAbsolutePath().getParent(), depth);
  }

  private void text(String text, String origin, String label, Path dir, int depth)
      throws ZoneFileError {
    ZoneTokenizer tokens = new ZoneTokenizer(text);
    String currentOrigin = origin;
    List<ZoneTokenizer.Token> entry;
    while ((entry = nextEntry(tokens, label)) != null) {
      int line = tokens.entryLine();
      try {
        ZoneTokenizer.Token first = entry.get(0);
        String word = first.text();
        if (!first.quoted() && word.startsWith("$")) {
          String directive = word.toUpperCase(Locale.ROOT);
          if (directive.equals("$ORIGIN")) {
            expect(entry, 2, "$ORIGIN needs one name");
            currentOrigin = absolute(entry.get(1).text(), currentOrigin);
          } else if (directive.equals("$TTL")) {
            expect(entry, 2, "$TTL needs one time");
            defaultTtl = time(entry.get(1).text());
          } else if (directive.equals("$INCLUDE")) {
            if (entry.size() < 2 || entry.size() > 3) {
              throw new IllegalArgumentException("$INCLUDE needs a file and an optional origin");
            }
            if (dir == null) {
              throw new IllegalArgumentException("$INCLUDE is not allowed here");
            }
            if (depth >= MAX_INCLUDE_DEPTH) {
              throw new IllegalArgumentException("$INCLUDE nested deeper than "
                  + MAX_INCLUDE_DEPTH);
            }
            String incOrigin = entry.size() == 3
                ? absolute(entry.get(2).text(), currentOrigin) : currentOrigin;
            String savedOwner = owner;
            file(dir.resolve(entry.get(1).text()), incOrigin, depth + 1);
            owner = savedOwner;
          } else {
            throw new IllegalArgumentException("unknown directive " + word);
          }
          continue;
        }
        record(entry, tokens.entryStartsWithBlank(), currentOrigin);
      } catch (IllegalArgumentException e) {
        throw new ZoneFileError(label + ":" + line + ": " + e.getMessage());
      }
    }
  }

  private static List<ZoneTokenizer.Token> nextEntry(ZoneTokenizer tokens, String label)
      throws ZoneFileError {
    try {
      return tokens.next();
    } catch (IllegalArgumentException e) {
      throw new ZoneFileError(label + ":" + tokens.entryLine() + ": " + e.getMessage());
    }
  }

  private static void expect(List<ZoneTokenizer.Token> entry, int n, String message) {
    if (entry.size() != n) {
      throw new IllegalArgumentException(message);
    }
  }

  private void record(List<ZoneTokenizer.Token> entry, boolean blankOwner, String origin) {
    int i = 0;
    if (!blankOwner) {
      owner = absolute(entry.get(0).text(), origin);
      i = 1;
    } else if (owner == null) {
      throw new IllegalArgumentException("record has no owner name and none came before");
    }
    long ttl = -1;
    int type = -1;
    // [TTL] [class] type, or [class] [TTL] type (RFC 1035 5.1)
    for (int k = 0; k < 2 && i < entry.size(); k++) {
      String w = entry.get(i).text();
      if (w.equalsIgnoreCase("IN")) {
        i++;
      } else if (w.equalsIgnoreCase("CH") || w.equalsIgnoreCase("HS")
          || w.equalsIgnoreCase("CS")) {
        throw new IllegalArgumentException("class " + w + " is not served; use IN");
      } else if (!w.isEmpty() && Character.isDigit(w.charAt(0))) {
        ttl = time(w);
        i++;
      }
    }
    if (i >= entry.size()) {
      throw new IllegalArgumentException("record has no type");
    }
    String typeWord = entry.get(i++).text();
    type = RRType.fromName(typeWord);
    if (type < 0 || type == RRType.OPT || type == RRType.ANY || type == RRType.AXFR
        || type == RRType.IXFR) {
      throw new IllegalArgumentException("unknown record type " + typeWord);
    }
    List<ZoneTokenizer.Token> data = entry.subList(i, entry.size());
    Record payload = RecordText.parse(type, data, origin);
    if (ttl < 0) {
      if (payload instanceof Record.SOA soa && defaultTtl < 0) {
        ttl = soa.minimum();
      } else {
        ttl = defaultTtl >= 0 ? defaultTtl : lastTtl;
      }
    }
    if (ttl < 0) {
      throw new IllegalArgumentException("record has no TTL and there is no $TTL");
    }
    lastTtl = ttl;
    records.add(new RRHeader(owner, ttl, payload));
  }

  /** A name from the file made absolute: {@code @} is the origin, no final dot means relative. */
  static String absolute(String name, String origin) {
    String result;
    if (name.equals("@")) {
      result = origin;
    } else if (name.endsWith(".") && !name.endsWith("\\.")) {
      result = name.substring(0, name.length() - 1);
    } else {
      result = origin.isEmpty() ? name : name + "." + origin;
    }
    Names.labels(result); // validates lengths and escapes
    return result;
  }

  /** Seconds, plain or with BIND units: {@code 3600}, {@code 1h}, {@code 1w2d}. */
  static long time(String word) {
    String w = word.toLowerCase(Locale.ROOT);
    if (w.isEmpty() || w.length() > 12) {
      throw new IllegalArgumentException("bad time '" + word + "'");
    }
    long total = 0;
    long n = -1;
    for (int i = 0; i < w.length(); i++) {
      char c = w.charAt(i);
      if (c >= '0' && c <= '9') {
        n = (n < 0 ? 0 : n) * 10 + (c - '0');
      } else {
        long unit = switch (c) {
          case 's' -> 1;
          case 'm' -> 60;
          case 'h' -> 3600;
          case 'd' -> 86400;
          case 'w' -> 604800;
          default -> -1;
        };
        if (unit < 0 || n < 0) {
          throw new IllegalArgumentException("bad time '" + word + "'");
        }
        total += n * unit;
        n = -1;
      }
    }
    if (n >= 0) {
      total += n;
    }
    if (total > 0xFFFFFFFFL) {
      throw new IllegalArgumentException("time out of range '" + word + "'");
    }
    return total;
  }
}
