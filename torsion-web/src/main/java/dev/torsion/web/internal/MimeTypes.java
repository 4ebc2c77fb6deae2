package dev.torsion.web.internal;

import java.util.HashMap;
import java.util.Locale;
import java.util.Map;

/** Content types by file extension, for static files (Twisted's {@code loadMimeTypes}). */
public final class MimeTypes {
  private static final Map<String, String> TYPES = new HashMap<>();

  static {
    String[][] pairs = {
      {"html", "text/html"}, {"htm", "text/html"}, {"css", "text/css"},
      {"js", "text/javascript"}, {"mjs", "text/javascript"}, {"json", "application/json"},
      {"txt", "text/plain"}, {"md", "text/markdown"}, {"csv", "text/csv"}, {"xml", "text/xml"},
      {"svg", "image/svg+xml"}, {"png", "image/png"}, {"jpg", "image/jpeg"},
      {"jpeg", "image/jpeg"}, {"gif", "image/gif"}, {"webp", "image/webp"},
      {"ico", "image/vnd.microsoft.icon"}, {"avif", "image/avif"}, {"pdf", "application/pdf"},
      {"zip", "application/zip"}, {"gz", "application/gzip"}, {"tar", "application/x-tar"},
      {"wasm", "application/wasm"}, {"woff", "font/woff"}, {"woff2", "font/woff2"},
      {"ttf", "font/ttf"}, {"otf", "font/otf"}, {"mp4", "video/mp4"}, {"webm", "video/webm"},
      {"mp3", "audio/mpeg"}, {"ogg", "audio/ogg"}, {"wav", "audio/wav"},
      {"java", "text/plain"}, {"py", "text/plain"}, {"c", "text/plain"}, {"h", "text/plain"},
    };
    for (String[] p : pairs) {
      TYPES.put(p[0], p[1]);
    }
  }

  private MimeTypes() {}

  /** The type for {@code fileName}, or {@code defaultType}. */
  public static String forName(String fileName, String defaultType) {
    int dot = fileName.lastIndexOf('.');
    if (dot < 0) {
      return defaultType;
    }
    return TYPES.getOrDefault(fileName.substring(dot + 1).toLowerCase(Locale.ROOT), defaultType);
  }
}
