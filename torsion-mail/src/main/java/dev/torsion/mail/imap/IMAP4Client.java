package dev.torsion.mail.imap;

import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ssl.HandshakeListener;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.mail.imap.internal.CommandReader;
import dev.torsion.mail.imap.internal.ImapSyntaxError;
import dev.torsion.mail.imap.internal.Literal;
import dev.torsion.mail.imap.internal.Response;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;
import java.util.function.Function;

/**
 * An IMAP4rev1 client (RFC 3501; IDLE 2177, UIDPLUS 4315, LITERAL+ 7888, STARTTLS): Twisted's
 * {@code imap4.IMAP4Client}. Every command returns a Deferred that fires with the parsed answer
 * when the tagged OK arrives, or fails with {@link IMAP4Error} on NO or BAD.
 *
 * <pre>{@code
 * new TCP4ClientEndpoint(reactor, "127.0.0.1", 143).connect(Factory.forProtocol(IMAP4Client::new))
 *     .addCallback(p -> {
 *       IMAP4Client imap = (IMAP4Client) p;
 *       imap.login("alice", "secret");
 *       imap.select("INBOX");
 *       imap.fetchSpecific("1:*", false, "", true).addCallback(bodies -> { ... });
 *       return imap.logout();
 *     });
 * }</pre>
 *
 * <p>Commands are pipelined (RFC 3501 5.5): each goes out as soon as it is called, tagged
 * {@code A1}, {@code A2}...; untagged responses go to the oldest command waiting for that kind
 * (FETCH to a FETCH or STORE, EXISTS to a SELECT), the rest to the {@link Listener}. Three things
 * hold later commands back: a synchronising literal (sent only after the server's "+", unless it
 * offers LITERAL+), and STARTTLS, AUTHENTICATE and IDLE, which must finish first. Responses are
 * bounded: a line over {@code maxLine}, a literal over {@code maxLiteral} or the data of one
 * command over {@code maxResponse} fails the command and closes the connection.
 */
public class IMAP4Client extends Protocol implements CommandReader.Handler, HandshakeListener {
  /** What the server tells outside any command: new mail, expunges, flag changes (IDLE, NOOP). */
  public interface Listener {
    /** {@code * n EXISTS} (Twisted's {@code newMessages}); recent is -1 when not reported. */
    default void newMessages(long exists, long recent) {}

    /** {@code * n EXPUNGE}: message n is gone, later numbers move down by one. */
    default void messageExpunged(long number) {}

    /** {@code * n FETCH (FLAGS ...)}: message numbers and their flags now. */
    default void flagsChanged(Map<Long, List<String>> flags) {}
  }

  /** What SELECT or EXAMINE reports (RFC 3501 6.3.1). */
  public record MailboxInfo(long exists, long recent, long uidValidity, long uidNext,
      long firstUnseen, List<String> flags, List<String> permanentFlags, boolean readWrite) {}

  /** One LIST or LSUB line: name attributes, hierarchy delimiter (or null), name. */
  public record ListEntry(List<String> attributes, String delimiter, String name) {}

  private record Done(Response tagged, List<Response> untagged) {}

  private static final class Pending {
    final String tag;
    final String verb;
    final List<byte[]> chunks;
    final boolean exclusive;
    final Set<String> claims;
    final Function<Done, Object> parse;
    final List<Response> untagged = new ArrayList<>();
    final Deferred<Object> result = new Deferred<>();
    int sent;
    long collected;
    Deferred<Void> idling;
    Deferred<Void> doneResult;
    Set<String> fetchKeys;
    boolean doneRequested;
    TLSOptions tls;

    Pending(String tag, String verb, List<byte[]> chunks, boolean exclusive, Set<String> claims,
        Function<Done, Object> parse) {
      this.tag = tag;
      this.verb = verb;
      this.chunks = chunks;
      this.exclusive = exclusive;
      this.claims = claims;
      this.parse = parse;
    }
  }

  private final int maxLine;
  private final CommandReader reader;
  private final ArrayDeque<Pending> unsent = new ArrayDeque<>();
  private final Map<String, Pending> inFlight = new LinkedHashMap<>();
  /** Waiting for the greeting; null once it came (then greetedWith or greetError says how). */
  private List<Deferred<Set<String>>> greetingWaiters = new ArrayList<>();
  private Set<String> greetedWith;
  private Throwable greetError;
  private final long maxResponse;
  private Listener listener = new Listener() {};
  private Set<String> capabilities;
  private boolean greeted;
  private int nextTag;
  private Pending awaitingPlus;
  private Pending blocker;
  private Deferred<Void> handshake;

  /** A client with the default limits: 64 KiB lines, 64 MiB literals, 256 MiB per command. */
  public IMAP4Client() {
    this(64 * 1024, 64L << 20, 256L << 20);
  }

  /** A client with these response limits (octets). */
  public IMAP4Client(int maxLine, long maxLiteral, long maxResponse) {
    this.maxLine = maxLine;
    this.reader = CommandReader.forResponses(maxLine, maxLiteral, this);
    this.maxResponse = maxResponse;
  }

  /** Where unsolicited EXISTS, EXPUNGE and FETCH go. */
  public void setListener(Listener l) {
    listener = l;
  }

  /**
   * Fires with the capabilities of the greeting (empty if it listed none) once it arrived, or
   * fails with IMAP4Error if the server said BYE.
   */
  public Deferred<Set<String>> greeting() {
    if (greetingWaiters != null) {
      Deferred<Set<String>> d = new Deferred<>();
      greetingWaiters.add(d);
      return d;
    }
    return greetError != null ? Deferred.fail(greetError) : Deferred.succeed(greetedWith);
  }

  /** Settles every greeting() Deferred; a failure nobody asked about is not logged. */
  private void greeted(Set<String> caps, Throwable error) {
    greeted = true;
    List<Deferred<Set<String>>> waiting = greetingWaiters;
    if (waiting == null) {
      return;
    }
    greetingWaiters = null;
    greetedWith = caps;
    greetError = error;
    for (Deferred<Set<String>> d : waiting) {
      if (error != null) {
        d.errback(error);
      } else {
        d.callback(caps);
      }
    }
  }

  // --- input -------------------------------------------------------------------------------

  @Override
  public void dataReceived(byte[] data) {
    try {
      reader.feed(data, 0, data.length);
    } catch (IOException e) {
      protocolError("cannot buffer a literal: " + e.getMessage());
    }
  }

  @Override
  public void continueLiteral() {
    // never called: a reader of responses does not wait for "+"
  }

  @Override
  public void refused(byte[] first, boolean tooBig) {
    protocolError(tooBig ? "literal in a response over the limit"
        : "response line longer than " + maxLine + " octets");
  }

  @Override
  public void command(List<Object> parts) {
    if (!connected || transport.isDisconnecting()) {
      return;
    }
    Response r;
    try {
      r = Response.parse(parts);
    } catch (ImapSyntaxError e) {
      protocolError("bad response: " + e.getMessage());
      return;
    }
    try {
      if (!greeted) {
        greet(r);
      } else if (r.isContinuation()) {
        continuation();
      } else if (r.isUntagged()) {
        untagged(r, size(parts));
      } else {
        tagged(r);
      }
    } catch (RuntimeException e) {
      protocolError("cannot read a " + r.type() + " response: " + e);
    }
  }

  private static long size(List<Object> parts) {
    long n = 0;
    for (Object p : parts) {
      n += p instanceof byte[] b ? b.length : ((Literal) p).size();
    }
    return n;
  }

  private void greet(Response r) {
    if (!r.isUntagged() || !(r.type().equals("OK") || r.type().equals("PREAUTH"))) {
      greeted(null, new IMAP4Error("the server's greeting is not OK: " + r.type() + " "
          + r.text()));
      transport.loseConnection();
      return;
    }
    learnCode(r.code());
    greeted(capabilities == null ? Set.of() : capabilities, null);
    pump();
  }

  private void continuation() {
    Pending p = awaitingPlus;
    if (p != null) {
      transport.write(p.chunks.get(p.sent++));
      if (p.sent == p.chunks.size()) {
        awaitingPlus = null;
        unsent.poll();
        if (p.exclusive) {
          blocker = p;
        }
        pump();
      }
      return;
    }
    if (blocker != null && blocker.idling != null && !blocker.idling.called()) {
      blocker.idling.callback(null);
      if (blocker.doneRequested) {
        transport.write(ascii("DONE\r\n"));
      }
    } else if (blocker != null && blocker.verb.equals("AUTHENTICATE")) {
      transport.write(ascii("*\r\n")); // RFC 3501 6.2.2: a challenge we cannot answer
    } else if (blocker == null || blocker.idling == null) {
      protocolError("continuation request while no command waits for one");
    }
  }

  private void untagged(Response r, long bytes) {
    learnCode(r.code());
    if (r.type().equals("CAPABILITY")) {
      capabilities = atoms(r.tokens());
    }
    Set<String> keys = r.type().equals("FETCH") ? significant(r) : null;
    for (Pending p : inFlight.values()) {
      if (p.claims.contains(r.type()) && (keys == null || p.fetchKeys.containsAll(keys))) {
        p.collected += bytes;
        if (p.collected > maxResponse) {
          protocolError("the answer to " + p.verb + " is over " + maxResponse + " octets");
          return;
        }
        p.untagged.add(r);
        return;
      }
    }
    switch (r.type()) {
      case "EXISTS" -> listener.newMessages(r.number(), -1);
      case "EXPUNGE" -> listener.messageExpunged(r.number());
      case "FETCH" -> {
        Map<String, Object> items = items(r);
        if (items.get("FLAGS") instanceof List<?> flags) {
          listener.flagsChanged(Map.of(r.number(), strings(flags)));
        }
      }
      default -> { }
    }
  }

  /**
   * The items of a FETCH response that say which command asked for it: a server may run
   * pipelined FETCHes in parallel (Dovecot does) and interleave their answers, so they cannot go
   * to the oldest FETCH blindly. UID comes with every UID FETCH, FLAGS with any fetch that set
   * \Seen; a response of FLAGS alone is a fetch of FLAGS, a STORE's answer, or news.
   */
  private static Set<String> significant(Response r) {
    Set<String> keys = new LinkedHashSet<>();
    for (String k : items(r).keySet()) {
      keys.add(k.replaceAll("<[0-9]*>$", ""));
    }
    if (keys.size() > 1) {
      keys.remove("UID");
    }
    if (keys.size() > 1) {
      keys.remove("FLAGS");
    }
    return keys;
  }

  /** The response item names FETCH items ask for: BODY.PEEK[X]<0.10> is answered as BODY[X]<0>. */
  private static Set<String> requested(String items) {
    String u = items.toUpperCase(Locale.ROOT).trim();
    if (u.startsWith("(") && u.endsWith(")")) {
      u = u.substring(1, u.length() - 1);
    }
    Set<String> out = new LinkedHashSet<>();
    int depth = 0;
    int start = 0;
    for (int i = 0; i <= u.length(); i++) {
      char c = i < u.length() ? u.charAt(i) : ' ';
      if (c == '[') {
        depth++;
      } else if (c == ']') {
        depth--;
      } else if (c == ' ' && depth == 0) {
        String item = u.substring(start, i).replace("BODY.PEEK[", "BODY[")
            .replaceAll("<[0-9.]*>$", "");
        start = i + 1;
        switch (item) {
          case "" -> { }
          case "ALL" -> out.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE"));
          case "FAST" -> out.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE"));
          case "FULL" -> out.addAll(List.of("FLAGS", "INTERNALDATE", "RFC822.SIZE", "ENVELOPE",
              "BODY"));
          default -> out.add(item);
        }
      }
    }
    return out;
  }

  private void tagged(Response r) {
    Pending p = inFlight.remove(r.tag());
    if (p == null) {
      protocolError("tagged response for no command: " + r.tag());
      return;
    }
    if (awaitingPlus == p) {
      awaitingPlus = null; // refused before its literal (RFC 7889 [TOOBIG]): it is never sent
      unsent.remove(p);
    }
    if (blocker == p) {
      blocker = null;
    }
    learnCode(r.code());
    if (p.idling != null && !p.idling.called()) {
      p.idling.errback(new IMAP4Error(r.type(), r.code(), r.text()));
    }
    if (!r.type().equals("OK")) {
      p.result.errback(new IMAP4Error(r.type(), r.code(), r.text()));
      pump();
      return;
    }
    if (p.tls != null) {
      // RFC 3501 6.2.1: TLS starts right after the OK; anything read behind it is dropped.
      capabilities = null;
      handshake = new Deferred<>();
      handshake.addCallback(x -> {
        settle(p, new Done(r, p.untagged));
        pump();
        return null;
      });
      reader.discardRest();
      transport.startTLS(p.tls);
      return;
    }
    settle(p, new Done(r, p.untagged));
    pump();
  }

  private static void settle(Pending p, Done d) {
    Object value;
    try {
      value = p.parse.apply(d);
    } catch (RuntimeException e) {
      p.result.errback(new IMAP4Error("cannot read the answer to " + p.verb + ": " + e));
      return;
    }
    p.result.callback(value);
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
    reader.clear();
    if (!greeted) {
      greeted(null, why);
    }
    List<Pending> all = new ArrayList<>(inFlight.values());
    for (Pending p : unsent) {
      if (!all.contains(p)) {
        all.add(p);
      }
    }
    inFlight.clear();
    unsent.clear();
    awaitingPlus = null;
    blocker = null;
    for (Pending p : all) {
      if (p.idling != null && !p.idling.called()) {
        p.idling.errback(why);
      }
      if (p.verb.equals("LOGOUT")) {
        p.result.callback(null); // RFC 3501 6.1.3: the server may close before the tagged OK
      } else {
        p.result.errback(why);
      }
    }
    if (handshake != null) {
      Deferred<Void> d = handshake;
      handshake = null;
      d.errback(why);
    }
  }

  private void protocolError(String why) {
    IMAP4Error e = new IMAP4Error(why);
    for (Pending p : new ArrayList<>(inFlight.values())) {
      inFlight.remove(p.tag);
      unsent.remove(p);
      if (p.idling != null && !p.idling.called()) {
        p.idling.errback(e);
      }
      p.result.errback(e);
    }
    if (!greeted) {
      greeted(null, e);
    }
    awaitingPlus = null;
    blocker = null;
    reader.discardRest();
    if (connected) {
      transport.loseConnection();
    }
  }

  private void learnCode(String code) {
    if (code != null && code.regionMatches(true, 0, "CAPABILITY ", 0, 11)) {
      Set<String> caps = new LinkedHashSet<>();
      for (String c : code.substring(11).trim().split(" +")) {
        caps.add(c.toUpperCase(Locale.ROOT));
      }
      capabilities = caps;
    }
  }

  // --- output ------------------------------------------------------------------------------

  /** Builds one command line; strings become quoted strings or literals as needed. */
  private final class Line {
    final String tag = "A" + ++nextTag;
    final List<byte[]> chunks = new ArrayList<>();
    ByteArrayOutputStream cur = new ByteArrayOutputStream();
    final boolean literalPlus = capabilities != null && capabilities.contains("LITERAL+");

    Line(String verb) {
      raw(tag + " " + verb);
    }

    /** Text the caller wrote in IMAP syntax (a sequence set, fetch items, search keys). */
    Line raw(String s) {
      for (int i = 0; i < s.length(); i++) {
        char c = s.charAt(i);
        if (c == '\r' || c == '\n' || c == 0) {
          throw new IllegalArgumentException("CR, LF or NUL in an IMAP command: " + s);
        }
      }
      cur.writeBytes(s.getBytes(StandardCharsets.UTF_8));
      return this;
    }

    Line atom(String s) {
      return raw(" ").raw(s);
    }

    /** An astring (RFC 3501 9): quoted when it can be, else a literal. */
    Line string(String s) {
      byte[] b = s.getBytes(StandardCharsets.UTF_8);
      boolean quotable = b.length <= 1000;
      for (byte x : b) {
        quotable &= x != '\r' && x != '\n' && x != 0 && x > 0;
      }
      if (!quotable) {
        return literal(b);
      }
      cur.write(' ');
      cur.write('"');
      for (byte x : b) {
        if (x == '"' || x == '\\') {
          cur.write('\\');
        }
        cur.write(x);
      }
      cur.write('"');
      return this;
    }

    /** A literal: sent behind the line at once with LITERAL+, else after the server's "+". */
    Line literal(byte[] b) {
      if (literalPlus) {
        cur.writeBytes(ascii(" {" + b.length + "+}\r\n"));
      } else {
        cur.writeBytes(ascii(" {" + b.length + "}\r\n"));
        chunks.add(cur.toByteArray());
        cur = new ByteArrayOutputStream();
      }
      cur.writeBytes(b);
      return this;
    }

    List<byte[]> end() {
      cur.write('\r');
      cur.write('\n');
      chunks.add(cur.toByteArray());
      return chunks;
    }
  }

  private <T> Deferred<T> send(Line line, String verb, boolean exclusive, Set<String> claims,
      Function<Done, Object> parse) {
    return send(line, verb, exclusive, claims, Set.of(), parse);
  }

  @SuppressWarnings("unchecked")
  private <T> Deferred<T> send(Line line, String verb, boolean exclusive, Set<String> claims,
      Set<String> fetchKeys, Function<Done, Object> parse) {
    Pending p = new Pending(line.tag, verb, line.end(), exclusive, claims, parse);
    p.fetchKeys = fetchKeys;
    return (Deferred<T>) (Deferred<?>) enqueue(p).result;
  }

  private Pending enqueue(Pending p) {
    if (!connected && greeted) {
      p.result.errback(new ConnectionLost("connection closed"));
      return p;
    }
    unsent.add(p);
    pump();
    return p;
  }

  private void pump() {
    while (greeted && connected && !transport.isDisconnecting() && awaitingPlus == null
        && blocker == null && handshake == null && !unsent.isEmpty()) {
      Pending p = unsent.peek();
      if (p.sent == 0) {
        inFlight.put(p.tag, p);
      }
      transport.write(p.chunks.get(p.sent++));
      if (p.sent < p.chunks.size()) {
        awaitingPlus = p;
        return;
      }
      unsent.poll();
      if (p.exclusive) {
        blocker = p;
      }
    }
  }

  private Deferred<Void> simple(Line line, String verb) {
    return send(line, verb, false, Set.of(), d -> null);
  }

  private static byte[] ascii(String s) {
    return s.getBytes(StandardCharsets.US_ASCII);
  }

  // --- commands: any state -----------------------------------------------------------------

  /** The server's capabilities, upper case ({@code IMAP4REV1}, {@code AUTH=PLAIN}...), cached. */
  public Deferred<Set<String>> getCapabilities() {
    if (capabilities != null && unsent.isEmpty() && inFlight.isEmpty()) {
      return Deferred.succeed(capabilities);
    }
    return send(new Line("CAPABILITY"), "CAPABILITY", false, Set.of("CAPABILITY"), d -> {
      for (Response r : d.untagged) {
        capabilities = atoms(r.tokens());
      }
      return capabilities == null ? Set.of() : capabilities;
    });
  }

  /** NOOP: lets the server report changes (to the {@link Listener}). */
  public Deferred<Void> noop() {
    return simple(new Line("NOOP"), "NOOP");
  }

  /** LOGOUT; fires when the server has said goodbye (or closed the connection). */
  public Deferred<Void> logout() {
    return send(new Line("LOGOUT"), "LOGOUT", true, Set.of("BYE"), d -> {
      transport.loseConnection();
      return null;
    });
  }

  // --- not authenticated -------------------------------------------------------------------

  /**
   * STARTTLS (RFC 3501 6.2.1): fires with the capabilities asked again over TLS once the
   * handshake has finished. Commands issued meanwhile wait for it.
   */
  public Deferred<Set<String>> startTLS(TLSOptions options) {
    Line line = new Line("STARTTLS");
    Pending p = new Pending(line.tag, "STARTTLS", line.end(), true, Set.of(), d -> null);
    p.tls = options;
    enqueue(p);
    Deferred<Set<String>> caps = new Deferred<>();
    p.result.addCallbacks(x -> {
      getCapabilities().addCallbacks(c -> {
        caps.callback(c);
        return null;
      }, f -> {
        caps.errback(f.value());
        return null;
      });
      return null;
    }, f -> {
      caps.errback(f.value());
      return null;
    });
    return caps;
  }

  /** LOGIN with a user name and password (sent as quoted strings or literals). */
  public Deferred<Void> login(String user, String password) {
    return send(new Line("LOGIN").string(user).string(password), "LOGIN", false, Set.of(),
        d -> null);
  }

  /**
   * AUTHENTICATE PLAIN (RFC 4616): the SASL-IR initial response when the server offers it, else
   * after its "+". Twisted's {@code authenticate}.
   */
  public Deferred<Void> authenticate(String user, String password) {
    byte[] plain = ("\0" + user + "\0" + password).getBytes(StandardCharsets.UTF_8);
    String b64 = Base64.getEncoder().encodeToString(plain);
    Line line = new Line("AUTHENTICATE PLAIN");
    if (capabilities != null && capabilities.contains("SASL-IR")) {
      line.atom(b64.isEmpty() ? "=" : b64);
    } else {
      line.chunks.add(line.cur.toByteArray());
      line.cur = new ByteArrayOutputStream();
      line.cur.writeBytes(ascii(b64));
    }
    capabilities = null; // RFC 3501 6.2.2: they may change once authenticated
    return send(line, "AUTHENTICATE", true, Set.of(), d -> null);
  }

  // --- authenticated -----------------------------------------------------------------------

  /** SELECT (RFC 3501 6.3.1): the mailbox becomes the one FETCH, STORE and SEARCH work on. */
  public Deferred<MailboxInfo> select(String mailbox) {
    return open("SELECT", mailbox);
  }

  /** EXAMINE: SELECT, read-only. */
  public Deferred<MailboxInfo> examine(String mailbox) {
    return open("EXAMINE", mailbox);
  }

  private Deferred<MailboxInfo> open(String verb, String mailbox) {
    return send(new Line(verb).string(mailbox), verb, false,
        Set.of("FLAGS", "EXISTS", "RECENT", "OK"), d -> {
          long exists = 0;
          long recent = 0;
          long validity = 0;
          long next = 0;
          long unseen = 0;
          List<String> flags = List.of();
          List<String> permanent = List.of();
          for (Response r : d.untagged) {
            switch (r.type()) {
              case "EXISTS" -> exists = r.number();
              case "RECENT" -> recent = r.number();
              case "FLAGS" -> flags = r.tokens().isEmpty() ? List.of()
                  : strings((List<?>) r.tokens().get(0));
              default -> {
                String c = r.code() == null ? "" : r.code();
                String[] w = c.split(" ", 2);
                switch (w[0].toUpperCase(Locale.ROOT)) {
                  case "UIDVALIDITY" -> validity = Long.parseLong(w[1].trim());
                  case "UIDNEXT" -> next = Long.parseLong(w[1].trim());
                  case "UNSEEN" -> unseen = Long.parseLong(w[1].trim());
                  case "PERMANENTFLAGS" -> permanent = parenthesised(w[1]);
                  default -> { }
                }
              }
            }
          }
          String code = d.tagged.code() == null ? "" : d.tagged.code().toUpperCase(Locale.ROOT);
          return new MailboxInfo(exists, recent, validity, next, unseen, flags, permanent,
              !code.equals("READ-ONLY") && !verb.equals("EXAMINE"));
        });
  }

  public Deferred<Void> create(String mailbox) {
    return simple(new Line("CREATE").string(mailbox), "CREATE");
  }

  public Deferred<Void> delete(String mailbox) {
    return simple(new Line("DELETE").string(mailbox), "DELETE");
  }

  public Deferred<Void> rename(String oldName, String newName) {
    return simple(new Line("RENAME").string(oldName).string(newName), "RENAME");
  }

  public Deferred<Void> subscribe(String mailbox) {
    return simple(new Line("SUBSCRIBE").string(mailbox), "SUBSCRIBE");
  }

  public Deferred<Void> unsubscribe(String mailbox) {
    return simple(new Line("UNSUBSCRIBE").string(mailbox), "UNSUBSCRIBE");
  }

  /** LIST reference pattern ({@code list("", "*")} for every mailbox). */
  public Deferred<List<ListEntry>> list(String reference, String pattern) {
    return listing("LIST", reference, pattern);
  }

  /** LSUB: LIST of the subscribed mailboxes. */
  public Deferred<List<ListEntry>> lsub(String reference, String pattern) {
    return listing("LSUB", reference, pattern);
  }

  private Deferred<List<ListEntry>> listing(String verb, String reference, String pattern) {
    return send(new Line(verb).string(reference).string(pattern), verb, false, Set.of(verb),
        d -> {
          List<ListEntry> out = new ArrayList<>();
          for (Response r : d.untagged) {
            List<Object> t = r.tokens();
            out.add(new ListEntry(strings((List<?>) t.get(0)), text(t.get(1)), text(t.get(2))));
          }
          return out;
        });
  }

  /**
   * STATUS mailbox (names...): {@code status("INBOX", "MESSAGES", "UNSEEN")} fires with
   * {MESSAGES=3, UNSEEN=1}.
   */
  public Deferred<Map<String, Long>> status(String mailbox, String... names) {
    return send(new Line("STATUS").string(mailbox).raw(" (" + String.join(" ", names) + ")"),
        "STATUS", false, Set.of("STATUS"), d -> {
          Map<String, Long> out = new LinkedHashMap<>();
          for (Response r : d.untagged) {
            List<?> pairs = (List<?>) r.tokens().get(1);
            for (int i = 0; i + 1 < pairs.size(); i += 2) {
              out.put(text(pairs.get(i)).toUpperCase(Locale.ROOT),
                  Long.parseLong(text(pairs.get(i + 1))));
            }
          }
          return out;
        });
  }

  /**
   * APPEND (RFC 3501 6.3.11): adds {@code message} to the mailbox with these flags ({@code
   * \Seen}...) and, if not null, this date-time ({@code "03-Dec-2026 17:20:00 +0000"}). Fires
   * with the new message's UID when the server reports it (UIDPLUS' APPENDUID), else 0.
   */
  public Deferred<Long> append(String mailbox, byte[] message, List<String> flags, String date) {
    Line line = new Line("APPEND").string(mailbox);
    if (flags != null && !flags.isEmpty()) {
      line.raw(" (" + String.join(" ", flags) + ")");
    }
    if (date != null) {
      line.string(date);
    }
    line.literal(message);
    return send(line, "APPEND", false, Set.of(), d -> uidPlus(d.tagged.code(), "APPENDUID", 2));
  }

  private static Long uidPlus(String code, String name, int field) {
    if (code == null || !code.toUpperCase(Locale.ROOT).startsWith(name + " ")) {
      return 0L;
    }
    String[] w = code.split(" ");
    return w.length > field && w[field].matches("[0-9]{1,10}") ? Long.parseLong(w[field]) : 0L;
  }

  /**
   * IDLE (RFC 2177): fires once the server is idling; from then on EXISTS, EXPUNGE and FETCH
   * go to the {@link Listener} until {@link #done}. Commands issued meanwhile wait for DONE.
   */
  public Deferred<Void> idle() {
    Line line = new Line("IDLE");
    Pending p = new Pending(line.tag, "IDLE", line.end(), true, Set.of(), d -> null);
    p.idling = new Deferred<>();
    Deferred<Void> idling = p.idling;
    // The tagged answer ends IDLE; it reaches the caller through done(), if they called it.
    p.result.addCallbacks(v -> {
      if (p.doneResult != null) {
        p.doneResult.callback(null);
      }
      return null;
    }, f -> {
      if (p.doneResult != null) {
        p.doneResult.errback(f.value());
      }
      return null;
    });
    enqueue(p);
    return idling;
  }

  /** Ends IDLE: sends DONE; fires with the server's tagged OK. */
  public Deferred<Void> done() {
    Pending p = null;
    for (Pending q : inFlight.values()) {
      if (q.idling != null) {
        p = q;
      }
    }
    for (Pending q : unsent) {
      if (q.idling != null) {
        p = q;
      }
    }
    if (p == null || p.doneRequested) {
      return Deferred.fail(new IllegalStateException("not idling"));
    }
    p.doneRequested = true;
    p.doneResult = new Deferred<>();
    if (p.idling.called()) {
      transport.write(ascii("DONE\r\n"));
    }
    return p.doneResult;
  }

  // --- selected ----------------------------------------------------------------------------

  /** CHECK (RFC 3501 6.4.1). */
  public Deferred<Void> check() {
    return simple(new Line("CHECK"), "CHECK");
  }

  /** CLOSE: expunges \Deleted messages silently and leaves the selected state. */
  public Deferred<Void> close() {
    return simple(new Line("CLOSE"), "CLOSE");
  }

  /** EXPUNGE: fires with the numbers the server reported expunged, in its order. */
  public Deferred<List<Long>> expunge() {
    return send(new Line("EXPUNGE"), "EXPUNGE", false, Set.of("EXPUNGE"), d -> {
      List<Long> out = new ArrayList<>();
      for (Response r : d.untagged) {
        out.add(r.number());
      }
      return out;
    });
  }

  /**
   * SEARCH with keys in IMAP syntax ({@code "UNSEEN FROM \"bob\""}, RFC 3501 6.4.4): message
   * numbers, or UIDs when {@code uid}.
   */
  public Deferred<List<Long>> search(String query, boolean uid) {
    return send(new Line(uid ? "UID SEARCH" : "SEARCH").atom(query), "SEARCH", false,
        Set.of("SEARCH"), d -> {
          List<Long> out = new ArrayList<>();
          for (Response r : d.untagged) {
            for (Object o : r.tokens()) {
              out.add(Long.parseLong(text(o)));
            }
          }
          return out;
        });
  }

  /**
   * FETCH set (items) (RFC 3501 6.4.5), the general form: message number to item name (upper
   * case, {@code BODY[HEADER]}) to value: String for atoms and numbers, byte[] for strings and
   * literals, List for parenthesised data, null for NIL. Responses split over several FETCH
   * lines are merged.
   */
  public Deferred<Map<Long, Map<String, Object>>> fetch(String set, String items, boolean uid) {
    return send(new Line(uid ? "UID FETCH" : "FETCH").atom(set).atom(items), "FETCH", false,
        Set.of("FETCH"), requested(items), d -> {
          Map<Long, Map<String, Object>> out = new TreeMap<>();
          for (Response r : d.untagged) {
            out.computeIfAbsent(r.number(), n -> new LinkedHashMap<>()).putAll(items(r));
          }
          return out;
        });
  }

  private <V> Deferred<Map<Long, V>> fetchOne(String set, String item, boolean uid,
      Function<Object, V> convert) {
    return this.fetch(set, item, uid).addCallback(m -> {
      Map<Long, V> out = new TreeMap<>();
      String key = item.toUpperCase(Locale.ROOT).replace("BODY.PEEK[", "BODY[");
      for (var e : m.entrySet()) {
        Object v = e.getValue().get(key);
        if (v == null && key.startsWith("BODY[")) {
          for (var item2 : e.getValue().entrySet()) {
            if (item2.getKey().startsWith(key.substring(0, key.indexOf(']') + 1))) {
              v = item2.getValue(); // BODY[]<0> answers BODY[]<0.100>
            }
          }
        }
        if (v != null || e.getValue().containsKey(key)) {
          out.put(e.getKey(), convert.apply(v));
        }
      }
      return out;
    });
  }

  /** FLAGS of each message. */
  public Deferred<Map<Long, List<String>>> fetchFlags(String set, boolean uid) {
    return fetchOne(set, "FLAGS", uid, v -> strings((List<?>) v));
  }

  /** UID of each message. */
  public Deferred<Map<Long, Long>> fetchUID(String set) {
    return fetchOne(set, "UID", false, v -> Long.parseLong(text(v)));
  }

  /** RFC822.SIZE of each message. */
  public Deferred<Map<Long, Long>> fetchSize(String set, boolean uid) {
    return fetchOne(set, "RFC822.SIZE", uid, v -> Long.parseLong(text(v)));
  }

  /** INTERNALDATE of each message, as the server wrote it. */
  public Deferred<Map<Long, String>> fetchInternalDate(String set, boolean uid) {
    return fetchOne(set, "INTERNALDATE", uid, IMAP4Client::text);
  }

  /** ENVELOPE of each message, as parsed lists (RFC 3501 7.4.2). */
  public Deferred<Map<Long, Object>> fetchEnvelope(String set, boolean uid) {
    return fetchOne(set, "ENVELOPE", uid, v -> v);
  }

  /** BODYSTRUCTURE of each message, as parsed lists. */
  public Deferred<Map<Long, Object>> fetchBodyStructure(String set, boolean uid) {
    return fetchOne(set, "BODYSTRUCTURE", uid, v -> v);
  }

  /** RFC822: each whole message (marks it \Seen), as Twisted's {@code fetchMessage}. */
  public Deferred<Map<Long, byte[]>> fetchMessage(String set, boolean uid) {
    return fetchOne(set, "RFC822", uid, v -> (byte[]) v);
  }

  /**
   * BODY[section] of each message ({@code ""} the whole message, {@code "HEADER"}, {@code
   * "TEXT"}, {@code "1.2"}, {@code "HEADER.FIELDS (FROM TO)"}); with {@code peek}, BODY.PEEK,
   * which leaves \Seen alone. Twisted's {@code fetchSpecific}.
   */
  public Deferred<Map<Long, byte[]>> fetchSpecific(String set, boolean uid, String section,
      boolean peek) {
    return fetchOne(set, (peek ? "BODY.PEEK[" : "BODY[") + section + "]", uid,
        v -> v == null ? null : (byte[]) v);
  }

  /** STORE FLAGS: replaces the flags; fires with the flags the server reported. */
  public Deferred<Map<Long, List<String>>> setFlags(String set, List<String> flags, boolean silent,
      boolean uid) {
    return store(set, "FLAGS", flags, silent, uid);
  }

  /** STORE +FLAGS. */
  public Deferred<Map<Long, List<String>>> addFlags(String set, List<String> flags, boolean silent,
      boolean uid) {
    return store(set, "+FLAGS", flags, silent, uid);
  }

  /** STORE -FLAGS. */
  public Deferred<Map<Long, List<String>>> removeFlags(String set, List<String> flags,
      boolean silent, boolean uid) {
    return store(set, "-FLAGS", flags, silent, uid);
  }

  private Deferred<Map<Long, List<String>>> store(String set, String how, List<String> flags,
      boolean silent, boolean uid) {
    Line line = new Line(uid ? "UID STORE" : "STORE").atom(set)
        .atom(how + (silent ? ".SILENT" : "")).raw(" (" + String.join(" ", flags) + ")");
    return send(line, "STORE", false, Set.of("FETCH"), Set.of("FLAGS"), d -> {
      Map<Long, List<String>> out = new TreeMap<>();
      for (Response r : d.untagged) {
        if (items(r).get("FLAGS") instanceof List<?> l) {
          out.put(r.number(), strings(l));
        }
      }
      return out;
    });
  }

  /**
   * COPY set mailbox: fires with the UIDs of the copies in the target mailbox when the server
   * reports them (UIDPLUS' COPYUID), as a UID set string, else "".
   */
  public Deferred<String> copy(String set, String mailbox, boolean uid) {
    return send(new Line(uid ? "UID COPY" : "COPY").atom(set).string(mailbox), "COPY", false,
        Set.of(), d -> {
          String c = d.tagged.code();
          if (c == null || !c.toUpperCase(Locale.ROOT).startsWith("COPYUID ")) {
            return "";
          }
          String[] w = c.split(" ");
          return w.length > 3 ? w[3] : "";
        });
  }

  // --- response data -----------------------------------------------------------------------

  /** The FETCH items of one response, as name to value. */
  private static Map<String, Object> items(Response r) {
    Map<String, Object> out = new LinkedHashMap<>();
    if (r.tokens().isEmpty() || !(r.tokens().get(0) instanceof List<?> l)) {
      throw new IllegalArgumentException("FETCH without a list");
    }
    for (int i = 0; i + 1 < l.size(); i += 2) {
      out.put(text(l.get(i)).toUpperCase(Locale.ROOT), value(l.get(i + 1)));
    }
    return out;
  }

  private static Object value(Object token) {
    if (token instanceof String s) {
      return s.equalsIgnoreCase("NIL") ? null : s;
    }
    if (token instanceof Literal l) {
      try {
        return l.bytes();
      } catch (IOException e) {
        throw new IllegalStateException(e);
      }
    }
    if (token instanceof List<?> list) {
      List<Object> out = new ArrayList<>();
      for (Object o : list) {
        out.add(value(o));
      }
      return out;
    }
    return token; // byte[]
  }

  private static String text(Object token) {
    Object v = value(token);
    if (v == null) {
      return null;
    }
    return v instanceof byte[] b ? new String(b, StandardCharsets.UTF_8) : (String) v;
  }

  private static List<String> strings(List<?> tokens) {
    List<String> out = new ArrayList<>();
    for (Object o : tokens) {
      out.add(text(o));
    }
    return out;
  }

  private static Set<String> atoms(List<Object> tokens) {
    Set<String> out = new LinkedHashSet<>();
    for (Object o : tokens) {
      out.add(text(o).toUpperCase(Locale.ROOT));
    }
    return out;
  }

  private static List<String> parenthesised(String s) {
    String t = s.trim();
    if (t.startsWith("(") && t.endsWith(")")) {
      t = t.substring(1, t.length() - 1).trim();
    }
    return t.isEmpty() ? List.of() : List.of(t.split(" +"));
  }
}
