package dev.torsion.mail.pop3;

import dev.torsion.cred.APOPCredentials;
import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ssl.HandshakeListener;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.internal.CrlfLineSplitter;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SortedMap;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * A POP3 client (RFC 1939, 2449, 2595): Twisted's {@code pop3.AdvancedPOP3Client}. Every command
 * returns a Deferred that fires with the parsed answer, or fails with {@link POP3Error} when the
 * server says {@code -ERR}. Commands may be issued at once; they go out one at a time, in order.
 *
 * <pre>{@code
 * new TCP4ClientEndpoint(reactor, "127.0.0.1", 110).connect(Factory.forProtocol(POP3Client::new))
 *     .addCallback(p -> {
 *       POP3Client pop = (POP3Client) p;
 *       pop.login("alice", "secret");
 *       pop.retrieve(1).addCallback(bytes -> { save(bytes); return null; });
 *       return pop.quit();
 *     });
 * }</pre>
 *
 * <p>Replies are bounded: a line longer than {@link #MAX_LINE} or a multi-line answer over
 * {@link #maxResponse} fails the command and closes the connection.
 */
public class POP3Client extends Protocol implements HandshakeListener {
  /** The longest reply line accepted (messages should keep to 998, RFC 5322 2.1.1). */
  public static final int MAX_LINE = 64 * 1024;

  /** What STAT answers: how many messages and their total size in octets. */
  public record Stat(int count, long octets) {}

  private static final class Pending {
    final String line;
    final boolean multi;
    final Function<Reply, Object> parse;
    final Deferred<Object> result = new Deferred<>();

    Pending(String line, boolean multi, Function<Reply, Object> parse) {
      this.line = line;
      this.multi = multi;
      this.parse = parse;
    }
  }

  /** The status line's text after "+OK", and for multi-line answers the unstuffed body. */
  private record Reply(String text, ByteArrayOutputStream body, List<String> lines) {}

  private final CrlfLineSplitter splitter = new CrlfLineSplitter(MAX_LINE);
  private final ArrayDeque<Pending> queue = new ArrayDeque<>();
  private final Deferred<String> greeting = new Deferred<>();
  private long maxResponse = 256L << 20;
  private boolean greeted;
  private Pending current;
  private Reply collecting;
  private Deferred<Void> handshake;
  private TLSOptions tlsAfterReply;

  /** Fires with the server's greeting text (after "+OK ") once it has arrived. */
  public Deferred<String> greeting() {
    Deferred<String> d = new Deferred<>();
    greeting.addCallbacks(g -> {
      d.callback(g);
      return g;
    }, f -> {
      d.errback(f.value());
      return f;
    });
    return d;
  }

  /** The largest multi-line answer (a RETR) accepted, in octets; 256 MiB by default. */
  public void setMaxResponse(long octets) {
    maxResponse = octets;
  }

  @Override
  public void dataReceived(byte[] data) {
    int off = 0;
    while (off < data.length && connected && !transport.isDisconnecting()) {
      off += splitter.feed(data, off, data.length - off, this::lineReceived);
      if (tlsAfterReply != null) {
        // RFC 2595 4: nothing that came in plaintext after +OK to STLS is read.
        TLSOptions tls = tlsAfterReply;
        tlsAfterReply = null;
        splitter.clear();
        transport.startTLS(tls);
        return;
      }
    }
  }

  @Override
  public void handshakeCompleted() {
    if (handshake != null) {
      Deferred<Void> d = handshake;
      handshake = null;
      d.callback(null);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    Throwable why = reason == null ? new ConnectionLost("connection closed") : reason.value();
    if (!greeted) {
      greeted = true;
      greeting.errback(why);
    }
    if (handshake != null) {
      handshake.errback(why);
      handshake = null;
    }
    if (current != null) {
      current.result.errback(why);
      current = null;
    }
    while (!queue.isEmpty()) {
      queue.poll().result.errback(why);
    }
  }

  private boolean lineReceived(byte[] raw, boolean tooLong) {
    if (tooLong) {
      fail(new POP3Error("reply line longer than " + MAX_LINE + " octets"));
      return false;
    }
    if (collecting != null) {
      return bodyLine(raw);
    }
    String line = new String(raw, StandardCharsets.ISO_8859_1);
    boolean ok = line.startsWith("+OK");
    String text = line.length() > 3 ? line.substring(line.startsWith("+OK ") ? 4 : 3) : "";
    if (!greeted) {
      greeted = true;
      if (ok) {
        greeting.callback(text);
      } else {
        greeting.errback(new POP3Error(errorText(line)));
        transport.loseConnection();
      }
      sendNext();
      return true;
    }
    Pending p = current;
    if (p == null) {
      fail(new POP3Error("unexpected reply: " + line));
      return false;
    }
    if (!ok) {
      current = null;
      p.result.errback(new POP3Error(errorText(line)));
      sendNext();
      return true;
    }
    if (p.multi) {
      collecting = new Reply(text, new ByteArrayOutputStream(), new ArrayList<>());
      return true;
    }
    return complete(new Reply(text, null, null));
  }

  /** RFC 1939 3: a multi-line answer ends at "."; a leading "." of any other line is stuffing. */
  private boolean bodyLine(byte[] raw) {
    if (raw.length == 1 && raw[0] == '.') {
      Reply r = collecting;
      collecting = null;
      return complete(r);
    }
    int skip = raw.length > 0 && raw[0] == '.' ? 1 : 0;
    if (collecting.body.size() + raw.length + 2L > maxResponse) {
      fail(new POP3Error("answer larger than " + maxResponse + " octets"));
      return false;
    }
    collecting.body.write(raw, skip, raw.length - skip);
    collecting.body.write('\r');
    collecting.body.write('\n');
    if (collecting.lines.size() < 100_000) {
      collecting.lines.add(new String(raw, skip, raw.length - skip, StandardCharsets.ISO_8859_1));
    }
    return true;
  }

  private boolean complete(Reply r) {
    Pending p = current;
    current = null;
    Object value;
    try {
      value = p.parse.apply(r);
    } catch (RuntimeException e) {
      p.result.errback(new POP3Error("cannot parse the answer to " + verb(p.line) + ": " + r.text));
      sendNext();
      return true;
    }
    p.result.callback(value);
    sendNext();
    return tlsAfterReply == null;
  }

  private void fail(Exception why) {
    if (current != null) {
      current.result.errback(why);
      current = null;
    }
    transport.loseConnection();
  }

  @SuppressWarnings("unchecked")
  private <T> Deferred<T> command(String line, boolean multi, Function<Reply, Object> parse) {
    for (int i = 0; i < line.length(); i++) {
      char c = line.charAt(i);
      if (c == '\r' || c == '\n' || c == 0) {
        return Deferred.fail(new IllegalArgumentException("CR, LF or NUL in a POP3 command"));
      }
    }
    Pending p = new Pending(line, multi, parse);
    queue.add(p);
    sendNext();
    return (Deferred<T>) (Deferred<?>) p.result;
  }

  private void sendNext() {
    if (current != null || !greeted || queue.isEmpty() || !connected
        || transport.isDisconnecting()) {
      return;
    }
    current = queue.poll();
    transport.write((current.line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  private static String errorText(String line) {
    return line.startsWith("-ERR") ? line.substring(4).trim() : line;
  }

  private static String verb(String line) {
    int sp = line.indexOf(' ');
    return sp < 0 ? line : line.substring(0, sp);
  }

  /** USER then PASS; fires with the server's text after +OK to PASS. */
  public Deferred<String> login(String user, String password) {
    user(user);
    return password(password);
  }

  public Deferred<String> user(String name) {
    return command("USER " + name, false, Reply::text);
  }

  public Deferred<String> password(String password) {
    return command("PASS " + password, false, Reply::text);
  }

  /**
   * APOP (RFC 1939 7): logs in without sending the password, using the timestamp of the
   * greeting; fails with POP3Error if the server offered none.
   */
  public Deferred<String> apop(String user, String password) {
    Deferred<String> d = new Deferred<>();
    greeting().addCallbacks(g -> {
      int lt = g.indexOf('<');
      int gt = g.indexOf('>', lt + 1);
      if (lt < 0 || gt < 0) {
        d.errback(new POP3Error("the server offers no APOP timestamp"));
        return null;
      }
      String digest = APOPCredentials.digest(g.substring(lt, gt + 1), password);
      this.<String>command("APOP " + user + " " + digest, false, Reply::text).addCallbacks(t -> {
        d.callback(t);
        return null;
      }, f -> {
        d.errback(f.value());
        return null;
      });
      return null;
    }, f -> {
      d.errback(f.value());
      return null;
    });
    return d;
  }

  /** CAPA (RFC 2449 5): each capability's name, upper case, with its arguments. */
  public Deferred<Map<String, List<String>>> capabilities() {
    return command("CAPA", true, r -> {
      Map<String, List<String>> caps = new LinkedHashMap<>();
      for (String l : r.lines) {
        String[] w = l.trim().split(" +");
        if (!w[0].isEmpty()) {
          caps.put(w[0].toUpperCase(Locale.ROOT), List.of(w).subList(1, w.length));
        }
      }
      return caps;
    });
  }

  /**
   * STLS (RFC 2595 4): fires once the TLS handshake has finished; anything the server sent in
   * plaintext after its +OK is dropped. Check certificates through {@code options}.
   */
  public Deferred<Void> startTLS(TLSOptions options) {
    Deferred<Void> done = new Deferred<>();
    this.<Object>command("STLS", false, r -> {
      handshake = done;
      tlsAfterReply = options;
      return r.text;
    }).addErrback(f -> {
      done.errback(f.value());
      return null;
    });
    return done;
  }

  public Deferred<Stat> stat() {
    return command("STAT", false, r -> {
      String[] w = r.text.split(" ");
      return new Stat(Integer.parseInt(w[0]), Long.parseLong(w[1]));
    });
  }

  /** LIST: message number to size in octets, for the messages not marked deleted. */
  public Deferred<SortedMap<Integer, Long>> listSize() {
    return command("LIST", true, r -> {
      SortedMap<Integer, Long> m = new TreeMap<>();
      for (String l : r.lines) {
        String[] w = l.split(" ");
        m.put(Integer.parseInt(w[0]), Long.parseLong(w[1]));
      }
      return m;
    });
  }

  /** UIDL: message number to unique id, for the messages not marked deleted. */
  public Deferred<SortedMap<Integer, String>> listUID() {
    return command("UIDL", true, r -> {
      SortedMap<Integer, String> m = new TreeMap<>();
      for (String l : r.lines) {
        String[] w = l.split(" ");
        m.put(Integer.parseInt(w[0]), w[1]);
      }
      return m;
    });
  }

  /** RETR: message {@code n} (from 1) as sent, CRLF line ends, dot-stuffing undone. */
  public Deferred<byte[]> retrieve(int n) {
    return command("RETR " + n, true, r -> r.body.toByteArray());
  }

  /** TOP: the header and the first {@code lines} lines of the body of message {@code n}. */
  public Deferred<byte[]> top(int n, int lines) {
    return command("TOP " + n + " " + lines, true, r -> r.body.toByteArray());
  }

  /** DELE: marks message {@code n}; the server removes it only at {@link #quit}. */
  public Deferred<String> delete(int n) {
    return command("DELE " + n, false, Reply::text);
  }

  /** RSET: unmarks every message marked deleted. */
  public Deferred<String> reset() {
    return command("RSET", false, Reply::text);
  }

  public Deferred<String> noop() {
    return command("NOOP", false, Reply::text);
  }

  /** QUIT: the server applies the deletions and closes; fires with its last words. */
  public Deferred<String> quit() {
    return command("QUIT", false, Reply::text);
  }
}
