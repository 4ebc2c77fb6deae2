package dev.torsion.web.server;

import dev.torsion.internet.Reactor;
import dev.torsion.web.Html;
import dev.torsion.web.Http;
import dev.torsion.web.internal.ByteRanges;
import dev.torsion.web.internal.DateCache;
import dev.torsion.web.internal.FileBodyProducer;
import dev.torsion.web.internal.FileCache;
import dev.torsion.web.internal.MimeTypes;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLEncoder;
import java.nio.channels.FileChannel;
import java.nio.charset.StandardCharsets;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.LinkOption;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.nio.file.attribute.BasicFileAttributes;
import java.security.SecureRandom;
import java.time.Duration;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.HexFormat;
import java.util.List;
import java.util.concurrent.ConcurrentHashMap;
import java.util.stream.Stream;

/**
 * Serves a directory tree (or one file) from disk: Twisted's {@code twisted.web.static.File}.
 *
 * <p>Files up to 64 KiB are read at once and sent with the head in one write; larger ones go out
 * from the file with sendfile over plaintext HTTP/1.1 (opened on the reactor's pool) and are
 * streamed by a producer otherwise, so memory does not grow with file size. What was worked out for
 * a file (its response fields and, up to 64 KiB, its bytes; 1,024 files and 16 MiB per tree at
 * most) is kept and used again while the stat every request makes still shows the same file (inode,
 * size, modification time): a repeated request then costs one stat, no open, read or close. Files
 * carry a Content-Type from their extension, an ETag and Last-Modified (answering 304 to matching
 * conditional requests) and honour single and multiple byte ranges (206, multipart/byteranges,
 * 416). Directories serve their index file, or an HTML listing with every name escaped. Nothing
 * outside the root is ever served: segments such as {@code ..}, {@code %2e%2e}, {@code %2f} or NUL
 * are refused, and symbolic links that resolve outside the root are treated as missing.
 *
 * <pre>{@code
 * Site site = new Site(new StaticFile(Path.of("/var/www")));
 * reactor.listenTCP(8080, site);
 * }</pre>
 */
public final class StaticFile extends Resource {
  private static final DateTimeFormatter HTTP_DATE = DateTimeFormatter.RFC_1123_DATE_TIME;
  private static final SecureRandom RANDOM = new SecureRandom();
  // Bodies up to this size are read in one call and sent with the head in one write.
  private static final int SMALL_FILE = 64 * 1024;
  private static final int CACHED_FILES = 1024;
  private static final long CACHED_BYTES = 16L * 1024 * 1024;
  /** Paths whose last stat is kept for the metadata TTL; past this many the lot is dropped. */
  private static final int CACHED_STATS = 4096;

  private final Path root;
  private final Path path;
  private final Config config;
  // The request this node was found for, and the attributes read then: good for that request
  // only, since a node someone keeps may outlive the file it describes.
  private final Request foundFor;
  private final BasicFileAttributes foundAttributes;

  /** Settings shared by every node of one tree. */
  private static final class Config {
    List<String> indexNames = List.of("index.html", "index.htm");
    boolean listDirectories = true;
    String defaultType = "application/octet-stream";
    // Racy but safe: an immutable value, replaced whole.
    HttpDate lastModified = new HttpDate(Long.MIN_VALUE, "");
    final FileCache files = new FileCache(CACHED_FILES, CACHED_BYTES, SMALL_FILE);
    volatile long metadataTtlNanos = 1_000_000_000L;
    // Shared by the reactors serving the tree; a bounded map, cleared whole when full.
    final ConcurrentHashMap<Path, Stat> stats = new ConcurrentHashMap<>();
  }

  /** What {@link #statInRoot} found for a path (null attributes: missing), and when. */
  private record Stat(BasicFileAttributes attrs, long checkedNanos) {}

  private record HttpDate(long epochSecond, String text) {}

  /** Serves {@code path}, a directory or a file. */
  public StaticFile(Path path) {
    try {
      this.root = path.toRealPath();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot serve " + path, e);
    }
    this.path = root;
    this.config = new Config();
    this.foundFor = null;
    this.foundAttributes = null;
  }

  private StaticFile(Path root, Path path, Config config, Request foundFor,
      BasicFileAttributes foundAttributes) {
    this.root = root;
    this.path = path;
    this.config = config;
    this.foundFor = foundFor;
    this.foundAttributes = foundAttributes;
  }

  /** Sets the names tried, in order, as a directory's index (default index.html, index.htm). */
  public StaticFile setIndexNames(List<String> names) {
    config.indexNames = List.copyOf(names);
    return this;
  }

  /** Whether directories without an index are listed (default true) or answered 403. */
  public StaticFile setListDirectories(boolean list) {
    config.listDirectories = list;
    return this;
  }

  /** The type for files whose extension is unknown (default application/octet-stream). */
  public StaticFile setDefaultType(String type) {
    config.defaultType = type;
    return this;
  }

  /**
   * How long what a stat found for a path is used without asking the file system again (default
   * one second; zero stats on every request). Within it, a repeated request for a small file
   * makes no system call at all; a change to the tree (a new, changed or removed file, a link
   * turned elsewhere) is seen once it has passed, as with nginx's open_file_cache_valid.
   */
  public StaticFile setMetadataTtl(Duration ttl) {
    if (ttl.isNegative()) {
      throw new IllegalArgumentException("negative metadata TTL: " + ttl);
    }
    config.metadataTtlNanos = ttl.toNanos();
    config.stats.clear();
    return this;
  }

  /** The file or directory this node serves. */
  public Path getPath() {
    return path;
  }

  @Override
  public Resource getChild(String name, Request request) {
    boolean trusted = isTrusted(request);
    if (trusted) {
      // Skips the directory check for a plain name: the lstat of the child below fails with
      // ENOTDIR when this node is no directory, which answers the same NoResource.
      if (foundAttributes != null && !foundAttributes.isDirectory()) {
        return new NoResource();
      }
    } else if (!Files.isDirectory(path)) {
      return new NoResource();
    }
    if (name.isEmpty() || name.equals(".") || name.equals("..") || name.indexOf('/') >= 0
        || name.indexOf('\\') >= 0 || name.indexOf('\0') >= 0) {
      if (trusted && foundAttributes == null && !Files.isDirectory(path)) {
        return new NoResource();
      }
      return name.isEmpty() ? this : new ForbiddenResource();
    }
    Path child = path.resolve(name).normalize();
    if (!child.startsWith(root) || !child.getParent().equals(path)) {
      return new ForbiddenResource();
    }
    BasicFileAttributes attrs = attributesInRoot(child, trusted);
    if (attrs == null) {
      return new NoResource();
    }
    return new StaticFile(root, child, config, request, attrs);
  }

  /**
   * True when this node's real path is known to lie inside the root for {@code request}: the
   * root itself (resolved when the tree was made), or a node found for this very request, whose
   * every component was checked on the way down.
   */
  private boolean isTrusted(Request request) {
    return path == root || (request != null && request == foundFor);
  }

  /**
   * The attributes of {@code child} (links followed), or null when it is missing or resolves
   * outside the root. Under a trusted parent, a child that is no symbolic link has the parent's
   * real path plus its name, so one lstat settles it; a link still gets the full toRealPath
   * check. Under an untrusted parent every component is resolved.
   */
  private BasicFileAttributes attributesInRoot(Path child, boolean parentTrusted) {
    long ttl = config.metadataTtlNanos;
    if (ttl == 0) {
      return statInRoot(child, parentTrusted);
    }
    long now = System.nanoTime();
    Stat known = config.stats.get(child);
    if (known != null && now - known.checkedNanos() < ttl) {
      return known.attrs();
    }
    BasicFileAttributes found = statInRoot(child, parentTrusted);
    if (config.stats.size() >= CACHED_STATS) {
      config.stats.clear();
    }
    config.stats.put(child, new Stat(found, now));
    return found;
  }

  /** {@link #attributesInRoot}, asked of the file system. */
  private BasicFileAttributes statInRoot(Path child, boolean parentTrusted) {
    try {
      if (parentTrusted) {
        BasicFileAttributes a = Files.readAttributes(child, BasicFileAttributes.class,
            LinkOption.NOFOLLOW_LINKS);
        if (!a.isSymbolicLink()) {
          return a;
        }
      }
      if (!child.toRealPath().startsWith(root)) {
        return null; // a symlink out of the tree: as if it were not there
      }
      return Files.readAttributes(child, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  /** This node's attributes for {@code request}, or null when it is gone. */
  private BasicFileAttributes attributes(Request request) {
    if (foundAttributes != null && request != null && request == foundFor) {
      return foundAttributes;
    }
    try {
      return Files.readAttributes(path, BasicFileAttributes.class);
    } catch (IOException e) {
      return null;
    }
  }

  @Override
  public List<String> allowedMethods() {
    return List.of("GET", "HEAD");
  }

  @Override
  protected byte[] renderGet(Request request) {
    BasicFileAttributes attrs = attributes(request);
    if (attrs != null && attrs.isDirectory()) {
      if (!request.getPath().endsWith("/")) {
        // Relative links in the listing or index need the trailing slash.
        String uri = request.getUri();
        int q = uri.indexOf('?');
        request.setResponseCode(Http.MOVED_PERMANENTLY);
        request.setHeader("Location", q < 0 ? request.getPath() + "/"
            : request.getPath() + "/" + uri.substring(q));
        return new byte[0];
      }
      for (String index : config.indexNames) {
        Path candidate = path.resolve(index);
        BasicFileAttributes found = attributesInRoot(candidate, isTrusted(request));
        if (found != null && found.isRegularFile()) {
          return serveFile(request, candidate, found);
        }
      }
      if (!config.listDirectories) {
        return new ForbiddenResource().render(request);
      }
      return listing(request);
    }
    if (attrs == null || !attrs.isRegularFile()) {
      return new NoResource().render(request);
    }
    return serveFile(request, path, attrs);
  }

  private String httpDate(long epochSecond) {
    HttpDate cached = config.lastModified;
    if (cached.epochSecond() != epochSecond) {
      cached = new HttpDate(epochSecond, DateCache.httpDate(epochSecond));
      config.lastModified = cached;
    }
    return cached.text();
  }

  /** The cached fields of {@code file} while {@code attrs} still describe it, else new ones. */
  private FileCache.Entry fields(Path file, BasicFileAttributes attrs) {
    FileCache.Entry known = config.files.get(file, attrs);
    if (known != null) {
      return known;
    }
    long mtimeMillis = attrs.lastModifiedTime().toMillis();
    long mtime = mtimeMillis / 1000;
    String etag = "\"" + Long.toHexString(attrs.size()) + "-" + Long.toHexString(mtimeMillis) + "\"";
    String type = MimeTypes.forName(file.getFileName().toString(), config.defaultType);
    return config.files.put(file, attrs, null, mtime, etag, httpDate(mtime), type);
  }

  private byte[] serveFile(Request request, Path file, BasicFileAttributes attrs) {
    long size = attrs.size();
    FileCache.Entry fields = fields(file, attrs);
    long mtime = fields.mtimeSeconds();
    String etag = fields.etag;
    String lastModified = fields.lastModified;
    String type = fields.type;
    request.setHeader("ETag", etag);
    request.setHeader("Last-Modified", lastModified);
    request.setHeader("Accept-Ranges", "bytes");

    if (notModified(request, etag, mtime)) {
      request.setResponseCode(Http.NOT_MODIFIED);
      return new byte[0];
    }
    List<long[]> ranges = null;
    String ifRange = request.getHeader("If-Range");
    if (ifRange == null || ifRange.equals(etag) || ifRange.equals(lastModified)) {
      ranges = ByteRanges.parse(request.getHeader("Range"), size);
    }
    long[] regions;
    byte[][] before = null;
    byte[] after = null;
    long length;
    if (ranges == null) {
      request.setHeader("Content-Type", type);
      regions = new long[] {0, size};
      length = size;
    } else if (ranges.isEmpty()) {
      request.setResponseCode(Http.REQUESTED_RANGE_NOT_SATISFIABLE);
      request.setHeader("Content-Range", "bytes */" + size);
      request.setHeader("Content-Type", "text/plain; charset=utf-8");
      return "Requested range not satisfiable.\n".getBytes(StandardCharsets.UTF_8);
    } else if (ranges.size() == 1) {
      long[] r = ranges.get(0);
      request.setResponseCode(Http.PARTIAL_CONTENT);
      request.setHeader("Content-Type", type);
      request.setHeader("Content-Range", "bytes " + r[0] + "-" + r[1] + "/" + size);
      regions = new long[] {r[0], r[1] + 1};
      length = r[1] + 1 - r[0];
    } else {
      // RFC 9110 14.6: multipart/byteranges, each part with its own Content-Range.
      byte[] b = new byte[12];
      RANDOM.nextBytes(b);
      String boundary = HexFormat.of().formatHex(b);
      request.setResponseCode(Http.PARTIAL_CONTENT);
      request.setHeader("Content-Type", "multipart/byteranges; boundary=" + boundary);
      regions = new long[ranges.size() * 2];
      before = new byte[ranges.size()][];
      length = 0;
      for (int i = 0; i < ranges.size(); i++) {
        long[] r = ranges.get(i);
        regions[i * 2] = r[0];
        regions[i * 2 + 1] = r[1] + 1;
        before[i] = ((i == 0 ? "" : "\r\n") + "--" + boundary + "\r\nContent-Type: " + type
            + "\r\nContent-Range: bytes " + r[0] + "-" + r[1] + "/" + size + "\r\n\r\n")
            .getBytes(StandardCharsets.ISO_8859_1);
        length += before[i].length + r[1] + 1 - r[0];
      }
      after = ("\r\n--" + boundary + "--\r\n").getBytes(StandardCharsets.ISO_8859_1);
      length += after.length;
    }
    request.setHeader("Content-Length", ranges == null ? fields.length : Long.toString(length));
    if (request.getMethod().equals("HEAD") || length == 0) {
      return new byte[0];
    }
    if (ranges == null && fields.body() != null) {
      return fields.body(); // shared by every response while the file stays the same; never written to
    }
    if (before == null && length > SMALL_FILE) {
      // Plaintext HTTP/1.1: the kernel sends the region from the page cache (sendfile), and the
      // file is opened on the pool. TLS, HTTP/2 and multipart ranges read it into the heap below.
      Reactor reactor = request.fileReactor();
      if (reactor != null) {
        FileTransferBody.send(request, reactor, file, regions[0], length);
        return Site.NOT_DONE_YET;
      }
    }
    FileChannel channel;
    try {
      channel = FileChannel.open(file, StandardOpenOption.READ);
    } catch (IOException e) {
      request.getResponseHeaders().remove("Content-Length");
      request.setResponseCode(Http.FORBIDDEN);
      return new ForbiddenResource().render(request);
    }
    if (before == null && length <= SMALL_FILE) {
      byte[] body = readWhole(channel, regions[0], (int) length);
      if (ranges == null && config.files.keepsBody(length)) {
        // Kept under the attributes read before the read: if the file changed meanwhile, the next
        // request's stat no longer matches them and reads it again.
        config.files.put(file, attrs, body, mtime, etag, lastModified, type);
      }
      return body;
    }
    new FileBodyProducer(request, channel, regions, before, after).start();
    return Site.NOT_DONE_YET;
  }

  /**
   * The {@code length} bytes at {@code position}, read at once, so that head and body leave in
   * one write with no producer; closes the channel.
   */
  private static byte[] readWhole(FileChannel channel, long position, int length) {
    byte[] body = new byte[length];
    ByteBuffer buf = ByteBuffer.wrap(body);
    try (channel) {
      while (buf.hasRemaining()) {
        if (channel.read(buf, position + buf.position()) < 0) {
          throw new IOException("file shrank while being sent");
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return body;
  }

  private static boolean notModified(Request request, String etag, long mtime) {
    // RFC 9110 13.2.2: If-None-Match wins over If-Modified-Since.
    String inm = request.getHeader("If-None-Match");
    if (inm != null) {
      for (String tag : inm.split(",")) {
        String t = tag.trim();
        if (t.startsWith("W/")) {
          t = t.substring(2);
        }
        if (t.equals("*") || t.equals(etag)) {
          return true;
        }
      }
      return false;
    }
    String ims = request.getHeader("If-Modified-Since");
    if (ims != null) {
      try {
        return mtime <= ZonedDateTime.parse(ims, HTTP_DATE).toEpochSecond();
      } catch (DateTimeParseException e) {
        return false;
      }
    }
    return false;
  }

  private byte[] listing(Request request) {
    List<Path> entries = new ArrayList<>();
    try (Stream<Path> s = Files.list(path)) {
      s.sorted().forEach(entries::add);
    } catch (IOException e) {
      return new ForbiddenResource().render(request);
    }
    String title = "Directory listing for " + dev.torsion.web.internal.FormParser.unquote(request.getPath());
    StringBuilder b = new StringBuilder(256 + entries.size() * 120);
    b.append("<!DOCTYPE html>\n<html>\n<head><meta charset=\"utf-8\"><title>")
        .append(Html.escape(title)).append("</title></head>\n<body>\n<h1>")
        .append(Html.escape(title)).append("</h1>\n<table>\n<tr><th>Filename</th><th>Size</th>"
            + "<th>Content type</th></tr>\n");
    for (Path e : entries) {
      String name = e.getFileName().toString();
      boolean dir = Files.isDirectory(e);
      String href = URLEncoder.encode(name, StandardCharsets.UTF_8).replace("+", "%20")
          + (dir ? "/" : "");
      String size = "";
      if (!dir) {
        try {
          size = Long.toString(Files.size(e));
        } catch (IOException ex) {
          size = "?";
        }
      }
      b.append("<tr><td><a href=\"").append(Html.escape(href)).append("\">")
          .append(Html.escape(name + (dir ? "/" : ""))).append("</a></td><td>").append(size)
          .append("</td><td>").append(dir ? "[Directory]"
              : Html.escape(MimeTypes.forName(name, config.defaultType)))
          .append("</td></tr>\n");
    }
    b.append("</table>\n</body>\n</html>\n");
    request.setHeader("Content-Type", "text/html; charset=utf-8");
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }
}
