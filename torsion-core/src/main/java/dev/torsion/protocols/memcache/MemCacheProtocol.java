package dev.torsion.protocols.memcache;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.TimeoutError;
import dev.torsion.protocols.memcache.internal.ReplyParser;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * A memcached client over one connection, Twisted's {@code memcache.MemCacheProtocol}: every
 * command returns a Deferred, requests are pipelined and answered in order.
 *
 * <pre>{@code
 * Endpoints.connectProtocol(new TCP4ClientEndpoint(reactor, "127.0.0.1", 11211),
 *         new MemCacheProtocol(reactor))
 *     .addDeferredCallback(cache -> cache.set("greeting", "hello".getBytes(UTF_8))
 *         .addDeferredCallback(stored -> cache.get("greeting")))
 *     .addCallback(v -> new String(v.value(), UTF_8));   // "hello"; null had it been missing
 * }</pre>
 *
 * Keys are checked before anything is written (at most {@value #MAX_KEY_LENGTH} bytes of UTF-8,
 * no spaces or control characters): a bad key fails its Deferred with IllegalArgumentException
 * and the connection carries on. A server that stays silent for {@code timeOut} seconds while
 * requests wait fails them all with {@link TimeoutError} and the connection is closed; so is a
 * reply over the limits (a line over 8 KiB, a value over {@code maxValueBytes}).
 */
public final class MemCacheProtocol extends Protocol {
  /** memcached's limit on a key, in bytes. */
  public static final int MAX_KEY_LENGTH = 250;
  /** memcached's default item size limit (its {@code -I}), the default bound on a value read. */
  public static final int DEFAULT_MAX_VALUE_BYTES = 1 << 20;
  private static final int MAX_LINE = 8192;
  private static final int MAX_STATS = 1000;

  private enum Kind { GET, STORE, DELETE, TOUCH, ARITHMETIC, STATS, VERSION, FLUSH }

  private static final class Pending {
    final Kind kind;
    final Deferred<Object> deferred = new Deferred<>();
    final Set<String> keys;
    final Map<String, Object> results = new LinkedHashMap<>();

    Pending(Kind kind, Set<String> keys) {
      this.kind = kind;
      this.keys = keys;
    }
  }

  private final ReactorTime clock;
  private final double timeOut;
  private final ArrayDeque<Pending> pending = new ArrayDeque<>();
  private final ReplyParser parser;
  private DelayedCall timer;
  private boolean broken;

  /** A client timing requests out after 60 seconds of silence, values bounded to 1 MiB. */
  public MemCacheProtocol(ReactorTime clock) {
    this(clock, 60, DEFAULT_MAX_VALUE_BYTES);
  }

  public MemCacheProtocol(ReactorTime clock, double timeOut, int maxValueBytes) {
    this.clock = clock;
    this.timeOut = timeOut;
    this.parser = new ReplyParser(new ReplyParser.Sink() {
      @Override
      public void line(String line) {
        lineReceived(line);
      }

      @Override
      public void value(String key, int flags, long cas, byte[] data) {
        valueReceived(key, flags, cas, data);
      }
    }, MAX_LINE, maxValueBytes);
  }

  /** The item under {@code key}, or null if there is none. */
  public Deferred<MemCacheValue> get(String key) {
    return getMultiple(List.of(key), false).addCallback(m -> m.get(key));
  }

  /** As {@link #get}, with the item's CAS unique for {@link #checkAndSet}. */
  public Deferred<MemCacheValue> gets(String key) {
    return getMultiple(List.of(key), true).addCallback(m -> m.get(key));
  }

  /** The items found among {@code keys}; missing keys are absent from the map. */
  public Deferred<Map<String, MemCacheValue>> getMultiple(List<String> keys) {
    return getMultiple(keys, false);
  }

  /** As {@link #getMultiple(List)}; with {@code withCas}, by {@code gets}. */
  @SuppressWarnings("unchecked")
  public Deferred<Map<String, MemCacheValue>> getMultiple(List<String> keys, boolean withCas) {
    if (keys.isEmpty()) {
      return Deferred.succeed(Map.of());
    }
    StringBuilder line = new StringBuilder(withCas ? "gets" : "get");
    for (String k : keys) {
      String bad = badKey(k);
      if (bad != null) {
        return Deferred.fail(new IllegalArgumentException(bad));
      }
      line.append(' ').append(k);
    }
    Pending p = send(Kind.GET, new LinkedHashSet<>(keys), bytes(line + "\r\n"));
    return (Deferred<Map<String, MemCacheValue>>) (Deferred<?>) p.deferred;
  }

  /** Stores {@code value} unconditionally; true when STORED. */
  public Deferred<Boolean> set(String key, byte[] value) {
    return store("set", key, value, 0, 0, 0);
  }

  /** Stores with client {@code flags} and {@code expireTime} (seconds, or a Unix time). */
  public Deferred<Boolean> set(String key, byte[] value, int flags, int expireTime) {
    return store("set", key, value, flags, expireTime, 0);
  }

  /** Stores only if the key is absent; false when it was there. */
  public Deferred<Boolean> add(String key, byte[] value, int flags, int expireTime) {
    return store("add", key, value, flags, expireTime, 0);
  }

  /** Stores only if the key is present; false when it was not. */
  public Deferred<Boolean> replace(String key, byte[] value, int flags, int expireTime) {
    return store("replace", key, value, flags, expireTime, 0);
  }

  /** Adds {@code value} after the existing item; false when there is none. */
  public Deferred<Boolean> append(String key, byte[] value) {
    return store("append", key, value, 0, 0, 0);
  }

  /** Adds {@code value} before the existing item; false when there is none. */
  public Deferred<Boolean> prepend(String key, byte[] value) {
    return store("prepend", key, value, 0, 0, 0);
  }

  /**
   * Stores only if the item still has the CAS unique {@code cas} from {@link #gets}: false when
   * someone changed it meanwhile (EXISTS) or it is gone (NOT_FOUND).
   */
  public Deferred<Boolean> checkAndSet(String key, byte[] value, long cas) {
    return checkAndSet(key, value, cas, 0, 0);
  }

  public Deferred<Boolean> checkAndSet(String key, byte[] value, long cas, int flags, int expireTime) {
    return store("cas", key, value, flags, expireTime, cas);
  }

  /** Removes the item; false when there was none. */
  public Deferred<Boolean> delete(String key) {
    return simple(Kind.DELETE, key, "delete " + key);
  }

  /** Sets a new expiry on the item; false when there is none. */
  public Deferred<Boolean> touch(String key, int expireTime) {
    return simple(Kind.TOUCH, key, "touch " + key + " " + expireTime);
  }

  /** Adds {@code by} to the item's decimal value; the new value, or null if there is no item. */
  public Deferred<Long> increment(String key, long by) {
    return arithmetic("incr", key, by);
  }

  /** Subtracts {@code by} (stopping at 0, as memcached does); the new value, or null. */
  public Deferred<Long> decrement(String key, long by) {
    return arithmetic("decr", key, by);
  }

  /** The server's statistics; {@code arg} such as "items" or "slabs", or null for the general ones. */
  @SuppressWarnings("unchecked")
  public Deferred<Map<String, String>> stats(String arg) {
    if (arg != null && badKey(arg) != null) {
      return Deferred.fail(new IllegalArgumentException("bad stats argument"));
    }
    Pending p = send(Kind.STATS, null, bytes(arg == null ? "stats\r\n" : "stats " + arg + "\r\n"));
    return (Deferred<Map<String, String>>) (Deferred<?>) p.deferred;
  }

  /** The server's version string, such as "1.6.18". */
  @SuppressWarnings("unchecked")
  public Deferred<String> version() {
    return (Deferred<String>) (Deferred<?>) send(Kind.VERSION, null, bytes("version\r\n")).deferred;
  }

  /** Invalidates every item on the server. */
  @SuppressWarnings("unchecked")
  public Deferred<Boolean> flushAll() {
    return (Deferred<Boolean>) (Deferred<?>) send(Kind.FLUSH, null, bytes("flush_all\r\n")).deferred;
  }

  @SuppressWarnings("unchecked")
  private Deferred<Boolean> store(String cmd, String key, byte[] value, int flags, int expire, long cas) {
    String bad = badKey(key);
    if (bad != null) {
      return Deferred.fail(new IllegalArgumentException(bad));
    }
    // <command> <key> <flags> <exptime> <bytes> [<cas unique>]\r\n<data>\r\n
    ByteArrayOutputStream out = new ByteArrayOutputStream(value.length + 64);
    out.writeBytes(bytes(cmd + " " + key + " " + Integer.toUnsignedString(flags) + " " + expire
        + " " + value.length + (cmd.equals("cas") ? " " + cas : "") + "\r\n"));
    out.writeBytes(value);
    out.writeBytes(new byte[] {'\r', '\n'});
    return (Deferred<Boolean>) (Deferred<?>) send(Kind.STORE, null, out.toByteArray()).deferred;
  }

  @SuppressWarnings("unchecked")
  private Deferred<Boolean> simple(Kind kind, String key, String line) {
    String bad = badKey(key);
    if (bad != null) {
      return Deferred.fail(new IllegalArgumentException(bad));
    }
    return (Deferred<Boolean>) (Deferred<?>) send(kind, null, bytes(line + "\r\n")).deferred;
  }

  @SuppressWarnings("unchecked")
  private Deferred<Long> arithmetic(String cmd, String key, long by) {
    String bad = badKey(key);
    if (bad != null) {
      return Deferred.fail(new IllegalArgumentException(bad));
    }
    if (by < 0) {
      return Deferred.fail(new IllegalArgumentException("negative " + cmd + " amount " + by));
    }
    return (Deferred<Long>) (Deferred<?>) send(Kind.ARITHMETIC, null,
        bytes(cmd + " " + key + " " + by + "\r\n")).deferred;
  }

  /** Why {@code key} cannot be sent, or null if it can. */
  static String badKey(String key) {
    byte[] b = key.getBytes(StandardCharsets.UTF_8);
    if (b.length == 0) {
      return "empty memcache key";
    }
    if (b.length > MAX_KEY_LENGTH) {
      return "memcache key of " + b.length + " bytes, more than " + MAX_KEY_LENGTH;
    }
    for (byte c : b) {
      if ((c & 0xff) <= ' ' || c == 0x7f) {
        return "memcache key contains a space or control character: " + key.strip();
      }
    }
    return null;
  }

  private Pending send(Kind kind, Set<String> keys, byte[] request) {
    Pending p = new Pending(kind, keys);
    if (transport == null || broken) {
      p.deferred.errback(new ConnectionDone("memcache connection is not open"));
      return p;
    }
    pending.add(p);
    transport.write(request);
    if (timer == null || !timer.active()) {
      timer = clock.callLater(timeOut, this::timedOut);
    }
    return p;
  }

  private void timedOut() {
    failAll(new TimeoutError("memcache server did not answer in " + timeOut + "s"));
    transport.loseConnection();
  }

  @Override
  public void dataReceived(byte[] data) {
    if (broken) {
      return;
    }
    try {
      parser.feed(data);
    } catch (MemCacheError e) {
      failAll(e);
      transport.loseConnection();
    }
  }

  private Pending head(String what) {
    Pending p = pending.peek();
    if (p == null) {
      throw new MemCacheError("unexpected reply with no request waiting: " + what);
    }
    return p;
  }

  private void valueReceived(String key, int flags, long cas, byte[] data) {
    Pending p = head("VALUE");
    if (p.kind != Kind.GET || !p.keys.contains(key) || p.results.containsKey(key)) {
      throw new MemCacheError("unexpected VALUE for key " + key);
    }
    p.results.put(key, new MemCacheValue(flags, data, cas));
  }

  private void lineReceived(String line) {
    Pending p = head(line);
    if (line.equals("ERROR")) {
      complete(p, null, new NoSuchCommand("ERROR"));
      return;
    }
    if (line.startsWith("CLIENT_ERROR")) {
      complete(p, null, new ClientError(line.substring("CLIENT_ERROR".length()).strip()));
      return;
    }
    if (line.startsWith("SERVER_ERROR")) {
      complete(p, null, new ServerError(line.substring("SERVER_ERROR".length()).strip()));
      return;
    }
    switch (p.kind) {
      case GET -> expect(line.equals("END"), line, p, new LinkedHashMap<>(p.results));
      case STORE -> expect(line.equals("STORED") || line.equals("NOT_STORED")
          || line.equals("EXISTS") || line.equals("NOT_FOUND"), line, p, line.equals("STORED"));
      case DELETE -> expect(line.equals("DELETED") || line.equals("NOT_FOUND"), line, p,
          line.equals("DELETED"));
      case TOUCH -> expect(line.equals("TOUCHED") || line.equals("NOT_FOUND"), line, p,
          line.equals("TOUCHED"));
      case FLUSH -> expect(line.equals("OK"), line, p, true);
      case VERSION -> expect(line.startsWith("VERSION "), line, p, line.substring(Math.min(8, line.length())));
      case ARITHMETIC -> {
        if (line.equals("NOT_FOUND")) {
          complete(p, null, null);
        } else {
          expect(line.matches("\\d{1,20}"), line, p, line.matches("\\d{1,20}")
              ? Long.parseUnsignedLong(line) : null);
        }
      }
      case STATS -> {
        if (line.equals("END")) {
          complete(p, new LinkedHashMap<>(p.results), null);
        } else if (line.startsWith("STAT ") && p.results.size() < MAX_STATS) {
          String[] kv = line.substring(5).split(" ", 2);
          p.results.put(kv[0], kv.length > 1 ? kv[1] : "");
        } else {
          throw new MemCacheError("unexpected stats reply: " + shorten(line));
        }
      }
    }
  }

  private void expect(boolean ok, String line, Pending p, Object value) {
    if (!ok) {
      throw new MemCacheError("unexpected reply to " + p.kind + ": " + shorten(line));
    }
    complete(p, value, null);
  }

  private void complete(Pending p, Object value, Throwable error) {
    pending.remove();
    if (pending.isEmpty()) {
      if (timer != null && timer.active()) {
        timer.cancel();
      }
    } else if (timer != null && timer.active()) {
      timer.reset(timeOut);
    }
    if (error != null) {
      p.deferred.errback(error);
    } else {
      p.deferred.callback(value);
    }
  }

  private static String shorten(String s) {
    return s.length() > 80 ? s.substring(0, 80) + "..." : s;
  }

  private void failAll(Throwable error) {
    broken = true;
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    List<Pending> waiting = List.copyOf(pending);
    pending.clear();
    for (Pending p : waiting) {
      p.deferred.errback(error);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    failAll(reason.value());
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.UTF_8);
  }
}
