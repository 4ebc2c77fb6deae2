package dev.torsion.web.fuzz;

import static org.assertj.core.api.Assertions.assertThat;

import com.code_intelligence.jazzer.api.FuzzedDataProvider;
import com.code_intelligence.jazzer.junit.FuzzTest;
import dev.torsion.web.internal.FormParser;
import dev.torsion.web.internal.MultipartParser;
import dev.torsion.web.server.FormFile;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.InputStream;
import java.net.URLEncoder;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Request bodies under Jazzer: multipart/form-data (MultipartParser) and
 * application/x-www-form-urlencoded and query strings (FormParser). Only MalformedMultipart
 * escapes the multipart parser, and nothing the form parser; neither produces more than it was
 * given; the multipart parser reads the same parts whether the stream hands it the body whole or
 * in pieces of any size; and what parses, encoded again, parses the same. Seeds in
 * BodiesFuzzTestInputs/.
 */
class BodiesFuzzTest {
  private static final String BCHARS =
      "0123456789abcdefghijklmnopqrstuvwxyzABCDEFGHIJKLMNOPQRSTUVWXYZ'()+_,-./:=? ";

  /** A stream that hands out at most {@code step} bytes per read, like a slow client. */
  private static InputStream trickle(byte[] data, int step) {
    return new ByteArrayInputStream(data) {
      @Override
      public synchronized int read(byte[] b, int off, int len) {
        return super.read(b, off, Math.min(len, step));
      }
    };
  }

  /** What a multipart parse gave: text fields and files (name, filename, type, content). */
  private record Parts(Map<String, List<String>> args, List<List<String>> files, String error) {}

  private static Parts multipart(InputStream in, String boundary) {
    Map<String, List<String>> args = new LinkedHashMap<>();
    List<FormFile> files;
    try {
      files = MultipartParser.parse(in, boundary, Long.MAX_VALUE, args);
    } catch (MultipartParser.MalformedMultipart e) {
      return new Parts(Map.of(), List.of(), e.getMessage());
    } catch (IOException e) {
      throw new AssertionError("a byte array stream cannot fail", e);
    }
    List<List<String>> described = new ArrayList<>();
    for (FormFile f : files) {
      described.add(List.of(f.name(), f.filename(), f.contentType(),
          new String(f.bytes(), StandardCharsets.ISO_8859_1)));
      ((MultipartParser.SpooledFormFile) f).close();
    }
    return new Parts(args, described, null);
  }

  private static String quoted(String s) {
    return '"' + s.replace("\\", "\\\\").replace("\"", "\\\"") + '"';
  }

  /** The parts again as a body with {@code boundary}: fields, then files (order per name is kept). */
  private static byte[] encode(Parts p, String boundary) {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    for (Map.Entry<String, List<String>> e : p.args().entrySet()) {
      for (String v : e.getValue()) {
        out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name="
            + quoted(e.getKey()) + "\r\n\r\n").getBytes(StandardCharsets.UTF_8));
        out.writeBytes(v.getBytes(StandardCharsets.UTF_8));
        out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
      }
    }
    for (List<String> f : p.files()) {
      String[] x = f.toArray(new String[0]);
      out.writeBytes(("--" + boundary + "\r\nContent-Disposition: form-data; name=" + quoted(x[0])
          + "; filename=" + quoted(x[1]) + "\r\nContent-Type: " + x[2] + "\r\n\r\n")
          .getBytes(StandardCharsets.UTF_8));
      out.writeBytes(x[3].getBytes(StandardCharsets.ISO_8859_1));
      out.writeBytes("\r\n".getBytes(StandardCharsets.US_ASCII));
    }
    out.writeBytes(("--" + boundary + "--\r\n").getBytes(StandardCharsets.US_ASCII));
    return out.toByteArray();
  }

  private static long size(Parts p) {
    long n = 0;
    for (List<String> vs : p.args().values()) {
      for (String v : vs) {
        n += v.length();
      }
    }
    for (List<String> f : p.files()) {
      n += f.get(3).length();
    }
    return n;
  }

  @FuzzTest(maxDuration = "20s")
  void multipart(FuzzedDataProvider data) {
    int step = data.consumeInt(1, 4096);
    int blen = data.consumeInt(1, 70);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < blen; i++) {
      b.append(BCHARS.charAt(data.consumeInt(0, BCHARS.length() - 2))); // no space at the end
    }
    String boundary = b.toString();
    byte[] body = data.consumeRemainingAsBytes();
    Parts whole = multipart(new ByteArrayInputStream(body), boundary);
    Parts pieces = multipart(trickle(body, step), boundary);
    assertThat(pieces).isEqualTo(whole);
    if (whole.error() != null) {
      return;
    }
    // Names, filenames and types are cut out of the body, so the parts hold at most its bytes
    // (as chars: a replaced malformed UTF-8 sequence is one char for one or more bytes).
    assertThat(size(whole)).isLessThanOrEqualTo(body.length);
    Parts again = multipart(new ByteArrayInputStream(encode(whole, boundary)), boundary);
    assertThat(again).isEqualTo(whole);
  }

  @FuzzTest(maxDuration = "20s")
  void forms(FuzzedDataProvider data) {
    String query = new String(data.consumeRemainingAsBytes(), StandardCharsets.ISO_8859_1);
    Map<String, List<String>> parsed = FormParser.parseQuery(query);
    int pairs = 0;
    StringBuilder again = new StringBuilder();
    for (Map.Entry<String, List<String>> e : parsed.entrySet()) {
      for (String v : e.getValue()) {
        pairs++;
        assertThat(e.getKey().length() + v.length()).isLessThanOrEqualTo(query.length());
        if (again.length() > 0) {
          again.append('&');
        }
        again.append(URLEncoder.encode(e.getKey(), StandardCharsets.UTF_8)).append('=')
            .append(URLEncoder.encode(v, StandardCharsets.UTF_8));
      }
    }
    long separators = query.chars().filter(c -> c == '&' || c == ';').count();
    assertThat((long) pairs).isLessThanOrEqualTo(separators + 1);
    assertThat(FormParser.parseQuery(again.toString())).isEqualTo(parsed);
    // The decoder alone keeps malformed escapes and never grows its input.
    assertThat(FormParser.unquote(query).length()).isLessThanOrEqualTo(query.length());
    assertThat(FormParser.headerParam(query, "name") == null
        || FormParser.headerParam(query, "name").length() <= query.length()).isTrue();
  }

}
