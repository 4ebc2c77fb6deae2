package dev.torsion.ftp.client;

import dev.torsion.protocols.LineReceiver;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Parses the {@code ls -l} lines of a LIST transfer into {@link FTPFile}s: Twisted's {@code
 * FTPFileListProtocol}. Give it to {@link FTPClient#list(String, dev.torsion.internet.Protocol)};
 * lines it does not understand (a "total 12" header, a DOS listing) go to {@link #unknownLines}.
 *
 * <pre>{@code
 * FTPFileListProtocol listing = new FTPFileListProtocol();
 * client.list("/pub", listing).addCallback(done -> {
 *   for (FTPFile f : listing.files()) System.out.println(f.name() + " " + f.size());
 *   return null;
 * });
 * }</pre>
 *
 * <p>Bounded: at most {@link #MAX_ENTRIES} entries and unknown lines are kept, and lines are at
 * most 8 KiB (a longer one is dropped, not the connection: a listing is data, not commands).
 *
 * <pre>
 *   -rw-r--r--   1 owner    group        1234 Mar 05 14:03 name with spaces
 *   lrwxrwxrwx   1 owner    group          11 Mar 05  2019 link -> target
 *   type perms  links owner group       size  date (HH:MM or year)  name [-> target]
 * </pre>
 */
public class FTPFileListProtocol extends LineReceiver {
  public static final int MAX_ENTRIES = 100_000;
  private static final Pattern LS = Pattern.compile(
      "([-dlcbps])([-rwxXsStT]{9})[+.@]?\\s+(\\d{1,9})\\s+(\\S+)\\s+(\\S+)\\s+(\\d{1,19})\\s+"
          + "([A-Za-z]{3}\\s+\\d{1,2}\\s+(?:\\d{1,2}:\\d{2}|\\d{4}))\\s(.+)");

  private final List<FTPFile> files = new ArrayList<>();
  private final List<String> unknown = new ArrayList<>();

  public FTPFileListProtocol() {
    delimiter = new byte[] {'\n'};
    MAX_LENGTH = 8192;
  }

  /** The entries parsed so far. */
  public List<FTPFile> files() {
    return files;
  }

  /** The lines that were not {@code ls -l} entries. */
  public List<String> unknownLines() {
    return unknown;
  }

  @Override
  public void lineReceived(byte[] line) {
    int end = line.length;
    if (end > 0 && line[end - 1] == '\r') {
      end--;
    }
    String text = new String(line, 0, end, StandardCharsets.UTF_8);
    FTPFile f = parseLine(text);
    if (f != null) {
      if (files.size() < MAX_ENTRIES) {
        files.add(f);
      }
    } else {
      unknownLine(text);
    }
  }

  /** A line that is not an entry; the default keeps it (up to MAX_ENTRIES) in {@link #unknownLines}. */
  public void unknownLine(String line) {
    if (unknown.size() < MAX_ENTRIES) {
      unknown.add(line);
    }
  }

  @Override
  public void lineLengthExceeded(byte[] line) {
    // a listing line too long to be real: skip it, keep the rest
  }

  /** The entry on one {@code ls -l} line, or null when the line is not one. */
  public static FTPFile parseLine(String line) {
    if (line.length() > 8192) {
      return null;
    }
    Matcher m = LS.matcher(line);
    if (!m.matches()) {
      return null;
    }
    String name = m.group(8);
    String target = null;
    char type = m.group(1).charAt(0);
    if (type == 'l') {
      int arrow = name.indexOf(" -> ");
      if (arrow > 0) {
        target = name.substring(arrow + 4);
        name = name.substring(0, arrow);
      }
    }
    if (name.isBlank()) {
      return null; // "-> target" with no name before it: not an entry
    }
    long size;
    int links;
    try {
      size = Long.parseLong(m.group(6));
      links = Integer.parseInt(m.group(3));
    } catch (NumberFormatException e) {
      return null; // more digits than a long holds
    }
    return new FTPFile(type, m.group(2), links, m.group(4), m.group(5), size,
        m.group(7).replaceAll("\\s+", " "), name, target);
  }
}
