package dev.torsion.web.internal;

import dev.torsion.web.server.FormFile;
import java.io.IOException;
import java.io.InputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * Parses a multipart/form-data body (RFC 7578) from a stream: plain fields go to the argument map,
 * file parts become {@link FormFile}s spooled past a threshold.
 *
 * <pre>
 *   preamble CRLF? "--" boundary CRLF
 *   headers CRLF CRLF content CRLF "--" boundary CRLF
 *   ...                  content CRLF "--" boundary "--" epilogue
 * </pre>
 */
public final class MultipartParser {
  /** A malformed body. */
  public static final class MalformedMultipart extends Exception {
    public MalformedMultipart(String message) {
      super(message);
    }
  }

  private static final int MAX_PARTS = 1000;
  private static final int MAX_PART_HEADER = 8192;

  private final InputStream in;
  private final byte[] delimiter; // CRLF "--" boundary
  private final long spoolThreshold;
  private final byte[] buf = new byte[64 * 1024];
  private int start;
  private int end;
  private boolean eof;

  private MultipartParser(InputStream in, String boundary, long spoolThreshold) {
    this.in = in;
    this.delimiter = ("\r\n--" + boundary).getBytes(StandardCharsets.ISO_8859_1);
    this.spoolThreshold = spoolThreshold;
  }

  /** Parses {@code in}; the caller closes the returned files when done with them. */
  public static List<FormFile> parse(InputStream in, String boundary, long spoolThreshold,
      Map<String, List<String>> args) throws IOException, MalformedMultipart {
    if (boundary == null || boundary.isEmpty() || boundary.length() > 70) {
      throw new MalformedMultipart("missing or invalid boundary");
    }
    return new MultipartParser(in, boundary, spoolThreshold).run(args);
  }

  private List<FormFile> run(Map<String, List<String>> args) throws IOException, MalformedMultipart {
    List<FormFile> files = new ArrayList<>();
    try {
      // The first delimiter may come without the leading CRLF.
      fill(delimiter.length);
      if (!startsWith(delimiter, 2)) {
        skipThrough(null);
      } else {
        start += delimiter.length - 2;
      }
      for (int parts = 0; ; parts++) {
        fill(2);
        if (end - start >= 2 && buf[start] == '-' && buf[start + 1] == '-') {
          return files; // close delimiter
        }
        expectCrlf();
        if (parts >= MAX_PARTS) {
          throw new MalformedMultipart("more than " + MAX_PARTS + " parts");
        }
        String disposition = null;
        String type = null;
        int headerBytes = 0;
        for (String line = readLine(); !line.isEmpty(); line = readLine()) {
          headerBytes += line.length();
          if (headerBytes > MAX_PART_HEADER) {
            throw new MalformedMultipart("part headers too large");
          }
          int colon = line.indexOf(':');
          if (colon <= 0) {
            throw new MalformedMultipart("malformed part header");
          }
          String name = line.substring(0, colon).trim();
          String value = line.substring(colon + 1).trim();
          if (name.equalsIgnoreCase("content-disposition")) {
            disposition = value;
          } else if (name.equalsIgnoreCase("content-type")) {
            type = value;
          }
        }
        String fieldName = FormParser.headerParam(disposition, "name");
        if (fieldName == null) {
          throw new MalformedMultipart("part without a form-data name");
        }
        String filename = FormParser.headerParam(disposition, "filename");
        SpooledBuffer content = new SpooledBuffer(filename == null ? Long.MAX_VALUE : spoolThreshold);
        try {
          skipThrough(content);
        } catch (IOException | MalformedMultipart | RuntimeException e) {
          content.close();
          throw e;
        }
        if (filename == null) {
          args.computeIfAbsent(fieldName, k -> new ArrayList<>(1))
              .add(new String(content.bytes(), StandardCharsets.UTF_8));
        } else {
          files.add(new SpooledFormFile(fieldName, filename,
              type == null ? "application/octet-stream" : type, content));
        }
      }
    } catch (IOException | MalformedMultipart | RuntimeException e) {
      for (FormFile f : files) {
        ((SpooledFormFile) f).close();
      }
      throw e;
    }
  }

  /** Copies content up to the next delimiter into {@code sink} (or drops it) and consumes it. */
  private void skipThrough(SpooledBuffer sink) throws IOException, MalformedMultipart {
    while (true) {
      fill(delimiter.length);
      int found = indexOfDelimiter();
      if (found >= 0) {
        if (sink != null) {
          sink.write(buf, start, found - start);
        }
        start = found + delimiter.length;
        return;
      }
      if (eof) {
        throw new MalformedMultipart("body ended before the closing boundary");
      }
      // Keep a tail that could be the start of a delimiter.
      int safe = end - (delimiter.length - 1);
      if (safe > start) {
        if (sink != null) {
          sink.write(buf, start, safe - start);
        }
        start = safe;
      }
      compactAndRead();
    }
  }

  private int indexOfDelimiter() {
    outer:
    for (int i = start; i <= end - delimiter.length; i++) {
      for (int j = 0; j < delimiter.length; j++) {
        if (buf[i + j] != delimiter[j]) {
          continue outer;
        }
      }
      return i;
    }
    return -1;
  }

  private boolean startsWith(byte[] pattern, int from) {
    int n = pattern.length - from;
    if (end - start < n) {
      return false;
    }
    for (int i = 0; i < n; i++) {
      if (buf[start + i] != pattern[from + i]) {
        return false;
      }
    }
    return true;
  }

  private void expectCrlf() throws IOException, MalformedMultipart {
    // Transport padding (spaces) may follow a delimiter before its CRLF.
    while (true) {
      fill(2);
      if (end - start >= 1 && (buf[start] == ' ' || buf[start] == '\t')) {
        start++;
        continue;
      }
      break;
    }
    if (end - start < 2 || buf[start] != '\r' || buf[start + 1] != '\n') {
      throw new MalformedMultipart("delimiter not followed by CRLF");
    }
    start += 2;
  }

  private String readLine() throws IOException, MalformedMultipart {
    while (true) {
      for (int i = start; i + 1 < end; i++) {
        if (buf[i] == '\r' && buf[i + 1] == '\n') {
          String line = new String(buf, start, i - start, StandardCharsets.UTF_8);
          start = i + 2;
          return line;
        }
      }
      if (end - start > MAX_PART_HEADER || eof) {
        throw new MalformedMultipart("unterminated part header");
      }
      compactAndRead();
    }
  }

  private void fill(int want) throws IOException {
    while (end - start < want && !eof) {
      compactAndRead();
    }
  }

  private void compactAndRead() throws IOException {
    if (start > 0) {
      System.arraycopy(buf, start, buf, 0, end - start);
      end -= start;
      start = 0;
    }
    int n = in.read(buf, end, buf.length - end);
    if (n < 0) {
      eof = true;
    } else {
      end += n;
    }
  }

  /** An upload backed by a {@link SpooledBuffer}. */
  public static final class SpooledFormFile implements FormFile, AutoCloseable {
    private final String name;
    private final String filename;
    private final String contentType;
    private final SpooledBuffer content;

    SpooledFormFile(String name, String filename, String contentType, SpooledBuffer content) {
      this.name = name;
      this.filename = filename;
      this.contentType = contentType;
      this.content = content;
    }

    @Override public String name() {
      return name;
    }

    @Override public String filename() {
      return filename;
    }

    @Override public String contentType() {
      return contentType;
    }

    @Override public long size() {
      return content.size();
    }

    @Override public byte[] bytes() {
      return content.bytes();
    }

    @Override public InputStream open() {
      return content.open();
    }

    @Override public Path path() {
      return content.file();
    }

    @Override public void close() {
      content.close();
    }

    @Override public String toString() {
      return "FormFile[" + name + ", " + filename + ", " + content.size() + " bytes]";
    }
  }
}
