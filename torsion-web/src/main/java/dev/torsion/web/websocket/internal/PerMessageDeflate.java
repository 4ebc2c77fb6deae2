package dev.torsion.web.websocket.internal;

import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Locale;
import java.util.Set;
import java.util.zip.DataFormatException;
import java.util.zip.Deflater;
import java.util.zip.Inflater;

/**
 * permessage-deflate (RFC 7692): negotiating it in Sec-WebSocket-Extensions, and compressing
 * and inflating messages once agreed. A compressed message is raw DEFLATE ended by a sync
 * flush whose trailing {@code 00 00 FF FF} is left off on the wire (7.2.1) and put back before
 * inflating (7.2.2).
 *
 * <p>The JDK's {@link Deflater} always uses a 32 KiB window (15 bits), so an offer that needs
 * our compressor's window smaller ({@code server_max_window_bits} below 15 on a server, a
 * {@code client_max_window_bits} in a server's answer on a client) is declined, not accepted
 * and broken. Our {@link Inflater} takes any window up to 15 bits, so the peer's window is its
 * own business. Inflated output is capped per message, so a small frame cannot inflate into a
 * large one (the caller turns the overflow into close code 1009).
 */
public final class PerMessageDeflate {
  public static final String NAME = "permessage-deflate";
  private static final byte[] TAIL = {0, 0, (byte) 0xFF, (byte) 0xFF};

  private final boolean resetCompressor; // our side's no_context_takeover
  private final boolean resetInflater; // the peer's
  private final String response; // what a server answers; null on a client
  private Deflater deflater;
  private Inflater inflater;
  private final byte[] chunk = new byte[16 * 1024];

  private PerMessageDeflate(boolean resetCompressor, boolean resetInflater, String response) {
    this.resetCompressor = resetCompressor;
    this.resetInflater = resetInflater;
    this.response = response;
  }

  /** One extension element of Sec-WebSocket-Extensions: a name and its parameters. */
  record Offer(String name, List<String[]> params) {}

  /** Parses {@code ext1; a=1; b, ext2} (elements already split at commas) into offers. */
  static List<Offer> parse(List<String> elements) {
    List<Offer> out = new ArrayList<>();
    for (String element : elements) {
      String[] parts = element.split(";", -1);
      List<String[]> params = new ArrayList<>();
      for (int i = 1; i < parts.length; i++) {
        String p = parts[i].trim();
        int eq = p.indexOf('=');
        String key = (eq < 0 ? p : p.substring(0, eq)).trim().toLowerCase(Locale.ROOT);
        String value = eq < 0 ? null : unquote(p.substring(eq + 1).trim());
        params.add(new String[] {key, value});
      }
      out.add(new Offer(parts[0].trim().toLowerCase(Locale.ROOT), params));
    }
    return out;
  }

  private static String unquote(String v) {
    return v.length() >= 2 && v.startsWith("\"") && v.endsWith("\"") ? v.substring(1, v.length() - 1) : v;
  }

  private static boolean windowBits(String v) {
    if (v == null || v.isEmpty() || v.length() > 2 || !v.chars().allMatch(Character::isDigit)) {
      return false;
    }
    int n = Integer.parseInt(v);
    return n >= 8 && n <= 15;
  }

  /**
   * A server's choice among the client's offers (7.1): the first permessage-deflate offer it can
   * honour, or null. {@code requireClientNoContextTakeover} asks the client to reset its
   * compressor after each message (less memory per connection on our side, 7.1.1.2).
   */
  public static PerMessageDeflate accept(List<String> extensionElements,
      boolean requireClientNoContextTakeover) {
    for (Offer offer : parse(extensionElements)) {
      if (!offer.name().equals(NAME)) {
        continue;
      }
      Set<String> seen = new HashSet<>();
      boolean ok = true;
      boolean serverNoContext = false;
      boolean clientNoContext = requireClientNoContextTakeover;
      for (String[] p : offer.params()) {
        if (!seen.add(p[0])) {
          ok = false; // 7.1: a parameter given twice makes the offer invalid
          break;
        }
        switch (p[0]) {
          case "server_no_context_takeover" -> {
            ok = p[1] == null;
            serverNoContext = true;
          }
          case "client_no_context_takeover" -> {
            ok = p[1] == null;
            clientNoContext = true;
          }
          // 7.1.2.1: below 15 we would have to compress with a smaller window; the JDK cannot.
          case "server_max_window_bits" -> ok = windowBits(p[1]) && Integer.parseInt(p[1]) == 15;
          // 7.1.2.2: the client may limit its own window; our inflater copes with any.
          case "client_max_window_bits" -> ok = p[1] == null || windowBits(p[1]);
          default -> ok = false;
        }
        if (!ok) {
          break;
        }
      }
      if (!ok) {
        continue;
      }
      StringBuilder answer = new StringBuilder(NAME);
      if (serverNoContext) {
        answer.append("; server_no_context_takeover");
      }
      if (clientNoContext) {
        answer.append("; client_no_context_takeover");
      }
      return new PerMessageDeflate(serverNoContext, clientNoContext, answer.toString());
    }
    return null;
  }

  /** What a client offers: plain permessage-deflate (no window limit: the JDK cannot honour one). */
  public static String clientOffer() {
    return NAME;
  }

  /**
   * A client's reading of the server's answer (7.1); null when the server chose no extension.
   * Throws IllegalArgumentException when the answer is not one we may accept.
   */
  public static PerMessageDeflate fromResponse(List<String> extensionElements) {
    List<Offer> offers = parse(extensionElements);
    if (offers.isEmpty()) {
      return null;
    }
    if (offers.size() != 1 || !offers.get(0).name().equals(NAME)) {
      throw new IllegalArgumentException("server chose extensions we did not offer: "
          + String.join(", ", extensionElements));
    }
    Set<String> seen = new HashSet<>();
    boolean serverNoContext = false;
    boolean clientNoContext = false;
    for (String[] p : offers.get(0).params()) {
      if (!seen.add(p[0])) {
        throw new IllegalArgumentException("permessage-deflate parameter twice: " + p[0]);
      }
      switch (p[0]) {
        case "server_no_context_takeover" -> serverNoContext = true;
        case "client_no_context_takeover" -> clientNoContext = true;
        case "server_max_window_bits" -> {
          if (!windowBits(p[1])) {
            throw new IllegalArgumentException("bad server_max_window_bits: " + p[1]);
          }
        }
        default -> throw new IllegalArgumentException("permessage-deflate parameter we cannot "
            + "honour: " + p[0] + (p[1] == null ? "" : "=" + p[1]));
      }
    }
    return new PerMessageDeflate(clientNoContext, serverNoContext, null);
  }

  /** The Sec-WebSocket-Extensions value a server answers with. */
  public String response() {
    return response;
  }

  /** A message compressed for one frame or more, the trailing 00 00 FF FF left off. */
  public byte[] compress(byte[] message) {
    if (deflater == null) {
      deflater = new Deflater(Deflater.DEFAULT_COMPRESSION, true);
    }
    deflater.setInput(message);
    ByteArrayOutputStream out = new ByteArrayOutputStream(message.length / 2 + 16);
    int n;
    do {
      n = deflater.deflate(chunk, 0, chunk.length, Deflater.SYNC_FLUSH);
      out.write(chunk, 0, n);
    } while (n == chunk.length);
    byte[] all = out.toByteArray();
    if (resetCompressor) {
      deflater.reset();
    }
    if (all.length < 4) {
      // zlib emits nothing at all for an empty message flushed right after another flush, so
      // there is no 00 00 FF FF to leave off: send the empty fragment of 7.2.3.6, one 0x00 (a
      // stored block's header, which the inflater completes with the tail it appends).
      return new byte[] {0};
    }
    // A sync flush that wrote anything ends with the empty stored block 00 00 FF FF.
    return java.util.Arrays.copyOf(all, all.length - 4);
  }

  /**
   * Inflates the next piece of a compressed message (the tail when {@code last}), appending to
   * {@code out}; WebSocketProtocolError 1009 once {@code out} would pass {@code cap} bytes, 1007
   * on data that is not DEFLATE.
   */
  public void inflate(byte[] piece, boolean last, ByteArrayOutputStream out, long cap)
      throws WebSocketProtocolError {
    if (inflater == null) {
      inflater = new Inflater(true);
    }
    inflateAll(piece, out, cap);
    if (last) {
      inflateAll(TAIL, out, cap);
      if (resetInflater || inflater.finished()) {
        inflater.reset(); // a BFINAL block (7.2.3.4) ends the stream: the next starts afresh
      }
    }
  }

  private void inflateAll(byte[] input, ByteArrayOutputStream out, long cap)
      throws WebSocketProtocolError {
    if (inflater.finished()) {
      return; // bytes after a final block are not part of the message
    }
    inflater.setInput(input);
    try {
      while (!inflater.finished()) {
        int n = inflater.inflate(chunk);
        if (n == 0) {
          if (inflater.needsInput() || inflater.needsDictionary()) {
            return;
          }
          continue;
        }
        if (out.size() + (long) n > cap) {
          throw new WebSocketProtocolError(1009, "compressed message inflates past the limit of "
              + cap + " bytes");
        }
        out.write(chunk, 0, n);
      }
    } catch (DataFormatException e) {
      throw new WebSocketProtocolError(1007, "invalid DEFLATE data: " + e.getMessage());
    }
  }

  /** Frees the native zlib state. */
  public void end() {
    if (deflater != null) {
      deflater.end();
    }
    if (inflater != null) {
      inflater.end();
    }
  }
}
