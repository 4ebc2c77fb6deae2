package dev.torsion.mail.imap;

import dev.torsion.cred.Login;
import dev.torsion.cred.LoginRateLimited;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorGroup;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Threads;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.mail.MailAccount;
import dev.torsion.mail.imap.internal.CommandReader;
import dev.torsion.mail.imap.internal.Folder;
import dev.torsion.mail.imap.internal.ImapSyntaxError;
import dev.torsion.mail.imap.internal.Literal;
import dev.torsion.mail.internal.SerialDiskQueue;
import dev.torsion.mail.imap.internal.Mailboxes;
import dev.torsion.mail.imap.internal.SelectedMailbox;
import dev.torsion.mail.imap.internal.Tokens;
import dev.torsion.mail.smtp.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayDeque;
import java.util.Base64;
import java.util.List;
import java.util.Locale;

/**
 * An IMAP4rev1 session over one user's Maildirs (RFC 3501; IDLE 2177, UIDPLUS 4315, LITERAL+
 * 7888, UNSELECT 3691, STARTTLS): Twisted's {@code imap4.IMAP4Server}. Made by {@link
 * IMAP4Factory}. docs/design/imap.md describes the states and the literal handling.
 *
 * <pre>
 *   NOT AUTHENTICATED --LOGIN / AUTHENTICATE PLAIN--> AUTHENTICATED --SELECT/EXAMINE--> SELECTED
 *      | STARTTLS: TLS, pipelined bytes dropped          ^----- CLOSE / UNSELECT ---------|
 *      +--------------------------- LOGOUT (any state) ---------------------------> LOGOUT
 * </pre>
 *
 * <p>Commands run one at a time; while a login is checked the following commands wait, bounded.
 * Plaintext logins are refused before TLS except from loopback (LOGINDISABLED is advertised).
 * Given a {@link Reactor}, every command that touches the Maildirs runs on its thread pool, one
 * at a time per session, and its responses are written in order from the reactor thread; given a
 * bare clock (trial's {@code Clock}), they run inline. docs/design/imap.md has the details.
 *
 * <pre>{@code
 * reactor.listenTCP(143, new IMAP4Factory(IMAPServerOptions.builder("mail", portal).build(), reactor));
 * }</pre>
 */
public final class IMAP4Server extends Protocol implements CommandReader.Handler {
  private static final int MAX_QUEUED = 32;
  /** Literal bytes queued for the disk before reading stops until the queue drains. */
  private static final int MAX_DISK_QUEUED = 4 * Literal.MEMORY_LIMIT;
  /** How often an idling session looks for mail delivered behind its back (by SMTP, say). */
  static final double IDLE_POLL = 30;

  private enum State { NOT_AUTHENTICATED, AUTHENTICATED, SELECTED, LOGOUT }

  private final IMAPServerOptions options;
  private final ReactorTime clock;
  private final CommandReader reader;
  private final ArrayDeque<List<Object>> queued = new ArrayDeque<>();
  /** What other sessions call, from their pool threads: hops to this session's reactor. */
  private final Runnable watcher = () -> {
    if (this.home == null) {
      mailboxChanged();
    } else {
      this.home.callFromThread(this::mailboxChanged);
    }
  };
  private State state = State.NOT_AUTHENTICATED;
  private Login<MailAccount> login;
  private Mailboxes mailboxes;
  private SelectedMailbox selected;
  private boolean busy;
  private boolean paused;
  /** Reading stopped because the disk lags behind the literals (apart from {@link #paused}). */
  private boolean diskPaused;
  /** Large literals' spool writes, in order, on the reactor's pool (inline on a bare Clock). */
  private final SerialDiskQueue disk;
  private String idleTag;
  private String authTag;
  private int bad;
  private DelayedCall timer;
  private DelayedCall idlePoll;
  /** The reactor whose pool runs Maildir work, or null to run it inline. */
  private final Reactor pool;
  /** This session's reactor, pinned at connectionMade: where pool threads send responses. */
  private Reactor home;
  /** True on a pool thread while it runs this session's work. */
  private final ThreadLocal<Boolean> offReactor = new ThreadLocal<>();
  private boolean working;
  private boolean lostWhileWorking;
  private boolean changePending;

  IMAP4Server(IMAPServerOptions options, ReactorTime clock) {
    this.options = options;
    this.clock = clock;
    this.pool = clock instanceof Reactor r ? r : null;
    this.disk = new SerialDiskQueue(pool);
    this.reader = new CommandReader(options.maxLine, options.maxLiteral, options.spool, disk,
        this);
  }

  @Override
  public void connectionMade() {
    home = pool == null ? null : ReactorGroup.pinned(pool);
    send("* OK [CAPABILITY " + capabilities() + "] " + options.hostname + " Torsion IMAP4rev1 ready");
    timer = clock.callLater(options.timeout, () -> {
      send("* BYE autologout; idle for too long");
      transport.loseConnection();
    });
  }

  @Override
  public void connectionLost(Failure reason) {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    stopIdlePoll();
    if (working) {
      lostWhileWorking = true; // the pool thread still uses the session; clean up after it
      return;
    }
    cleanUp();
  }

  private void cleanUp() {
    unselect();
    for (List<Object> c : queued) {
      discardLiterals(c);
    }
    queued.clear();
    reader.clear();
    if (login != null) {
      login.logout().run();
      login = null;
    }
  }

  @Override
  public void dataReceived(byte[] data) {
    if (timer != null && timer.active()) {
      timer.reset(options.timeout);
    }
    try {
      reader.feed(data, 0, data.length);
    } catch (IOException e) {
      send("* BYE cannot spool a literal");
      transport.loseConnection();
      return;
    }
    if (disk.queuedBytes() > MAX_DISK_QUEUED && !diskPaused) {
      // the disk lags behind a large literal: stop reading until it has caught up
      diskPaused = true;
      if (!paused) {
        transport.pauseProducing();
      }
      disk.whenDrained(() -> {
        diskPaused = false;
        if (!paused && connected) {
          transport.resumeProducing();
        }
      });
    }
  }

  // --- framing callbacks -------------------------------------------------------------------

  @Override
  public void continueLiteral() {
    send("+ Ready for literal data");
  }

  @Override
  public void refused(byte[] first, boolean tooBig) {
    String tag = first == null ? "*" : tagOf(new String(first, StandardCharsets.ISO_8859_1));
    if (tooBig) {
      // RFC 7889 4: the response code for a literal over the server's limit.
      send(tag + " NO [TOOBIG] literal larger than " + options.maxLiteral + " octets");
    } else {
      bad(tag, "line too long or too many literals");
    }
  }

  @Override
  public void command(List<Object> parts) {
    if (busy) {
      queued.add(parts);
      if (queued.size() >= MAX_QUEUED && !paused) {
        paused = true;
        if (!diskPaused) {
          transport.pauseProducing();
        }
      }
      return;
    }
    run(parts);
  }

  /**
   * Runs a command once the literal writes queued before it are done, so that it never sees a
   * half-written spool file; the commands behind it wait meanwhile.
   */
  private void run(List<Object> parts) {
    if (disk.idle()) {
      runNow(parts);
      return;
    }
    busy = true;
    disk.whenDrained(() -> {
      busy = false;
      runNow(parts);
      if (!busy && connected) {
        resume();
      }
    });
  }

  private void runNow(List<Object> parts) {
    boolean handedOff = false;
    try {
      if (!connected || transport.isDisconnecting()) {
        return;
      }
      for (Object p : parts) {
        if (p instanceof Literal l && l.failed()) {
          send(tagOf(new String((byte[]) parts.get(0), StandardCharsets.ISO_8859_1))
              + " NO [SERVERBUG] cannot spool a literal");
          return;
        }
      }
      if (idleTag != null || authTag != null) {
        continuation(new String((byte[]) parts.get(0), StandardCharsets.ISO_8859_1));
        return;
      }
      List<Object> tokens;
      try {
        tokens = Tokens.parse(parts);
      } catch (ImapSyntaxError e) {
        bad(tagOf(new String((byte[]) parts.get(0), StandardCharsets.ISO_8859_1)), e.getMessage());
        return;
      }
      if (tokens.size() < 2 || !(tokens.get(0) instanceof String tag) || !validTag(tag)
          || !(tokens.get(1) instanceof String verb)) {
        bad("*", "tag and command expected");
        return;
      }
      String v = verb.toUpperCase(Locale.ROOT);
      List<Object> args = tokens.subList(2, tokens.size());
      if (pool != null && state != State.NOT_AUTHENTICATED && !v.equals("CAPABILITY")
          && !v.equals("LOGOUT")) {
        handedOff = true; // the literals are the pool task's now
        work(parts, () -> execute(tag, v, args), tag);
        return;
      }
      executeReporting(tag, v, args);
    } finally {
      if (!handedOff) {
        discardLiterals(parts);
      }
    }
  }

  private void executeReporting(String tag, String verb, List<Object> args) {
    try {
      execute(tag, verb, args);
    } catch (ImapSyntaxError e) {
      bad(tag, e.getMessage());
    } catch (IOException e) {
      send(tag + " NO [SERVERBUG] " + e.getClass().getSimpleName());
    }
  }

  /** Maildir work of one command (or of a sync), run on the pool thread. */
  private interface Work {
    void run() throws ImapSyntaxError, IOException;
  }

  /**
   * Runs {@code work} on the reactor's pool while the session is busy, so the commands behind it
   * wait (this session's own serial executor: one task at a time, in command order). What it
   * writes goes to the reactor thread through callFromThread, in order, as it is produced; the
   * task's end, also through callFromThread, comes after all of it and runs the next command.
   */
  private void work(List<Object> parts, Work work, String tag) {
    busy = true;
    working = true;
    Threads.deferToThread(pool, () -> {
      offReactor.set(Boolean.TRUE);
      try {
        if (tag == null) {
          work.run();
        } else {
          try {
            work.run();
          } catch (ImapSyntaxError e) {
            bad(tag, e.getMessage());
          } catch (IOException e) {
            send(tag + " NO [SERVERBUG] " + e.getClass().getSimpleName());
          }
        }
      } finally {
        offReactor.remove();
        // the command ran after the queue drained: no write to these files is left to wait for
        for (Object p : parts) {
          if (p instanceof Literal l) {
            l.discardNow();
          }
        }
      }
      return null;
    }).addCallbacks(x -> {
      workDone();
      return null;
    }, f -> {
      if (tag != null) {
        send(tag + " NO [SERVERBUG] " + f.value().getClass().getSimpleName());
      }
      workDone();
      return null;
    });
  }

  private void workDone() {
    working = false;
    if (lostWhileWorking) {
      cleanUp();
      return;
    }
    resume();
  }

  /** Runs {@code r} on the reactor thread: at once there, through callFromThread from the pool. */
  private void onReactor(Runnable r) {
    if (offReactor.get() != null) {
      home.callFromThread(r);
    } else {
      r.run();
    }
  }

  private void resume() {
    busy = false;
    if (changePending) {
      changePending = false;
      mailboxChanged();
    }
    while (!busy && !queued.isEmpty() && connected) {
      run(queued.poll());
    }
    if (paused && queued.size() < MAX_QUEUED / 2) {
      paused = false;
      if (!diskPaused) {
        transport.resumeProducing();
      }
    }
  }

  /** Deletes the literals' spool files through the queue; on the reactor thread. */
  private static void discardLiterals(List<Object> parts) {
    for (Object p : parts) {
      if (p instanceof Literal l) {
        l.discard();
      }
    }
  }

  private static boolean validTag(String tag) {
    return !tag.isEmpty() && tag.length() <= 64 && tag.chars().allMatch(c -> c > 32 && c < 127
        && c != '+' && c != '(' && c != ')' && c != '{' && c != '%' && c != '*' && c != '"'
        && c != '\\' && c != ']');
  }

  private static String tagOf(String line) {
    int sp = line.indexOf(' ');
    String t = sp < 0 ? line : line.substring(0, sp);
    return validTag(t) ? t : "*";
  }

  // --- commands ----------------------------------------------------------------------------

  private void execute(String tag, String verb, List<Object> args)
      throws ImapSyntaxError, IOException {
    switch (verb) {
      case "CAPABILITY" -> {
        send("* CAPABILITY " + capabilities());
        send(tag + " OK CAPABILITY completed");
        return;
      }
      case "NOOP", "CHECK" -> {
        if (verb.equals("CHECK") && state != State.SELECTED) {
          break;
        }
        syncSelected(true);
        send(tag + " OK " + verb + " completed");
        return;
      }
      case "LOGOUT" -> {
        send("* BYE " + options.hostname + " logging out");
        send(tag + " OK LOGOUT completed");
        state = State.LOGOUT;
        transport.loseConnection();
        return;
      }
      default -> { }
    }
    if (state == State.NOT_AUTHENTICATED) {
      switch (verb) {
        case "STARTTLS" -> startTls(tag);
        case "LOGIN" -> {
          arity(args, 2);
          if (!plaintextAllowed()) {
            send(tag + " NO [PRIVACYREQUIRED] LOGIN needs STARTTLS first");
            return;
          }
          login(tag, Mailboxes.string(args.get(0)), Mailboxes.string(args.get(1)));
        }
        case "AUTHENTICATE" -> authenticate(tag, args);
        default -> bad(tag, verb + " is not valid before login");
      }
      return;
    }
    if (mailboxes.execute(tag, verb, args)) {
      return;
    }
    switch (verb) {
      case "SELECT", "EXAMINE" -> select(tag, verb, args);
      case "IDLE" -> {
        idleTag = tag;
        send("+ idling");
        syncSelected(true);
        onReactor(this::scheduleIdlePoll);
      }
      case "APPEND" -> {
        String code = mailboxes.append(args);
        if (code != null) {
          syncSelected(true);
          send(tag + " OK " + code + "APPEND completed");
        } else {
          send(tag + " NO [TRYCREATE] no such mailbox");
        }
      }
      default -> {
        if (state != State.SELECTED) {
          bad(tag, verb + " is not valid in the authenticated state");
        } else {
          selectedCommand(tag, verb, args);
        }
      }
    }
  }

  private void selectedCommand(String tag, String verb, List<Object> args)
      throws ImapSyntaxError, IOException {
    boolean uid = verb.equals("UID");
    if (uid) {
      if (args.isEmpty() || !(args.get(0) instanceof String sub)) {
        throw new ImapSyntaxError("UID needs a command");
      }
      verb = sub.toUpperCase(Locale.ROOT);
      args = args.subList(1, args.size());
      if (!List.of("FETCH", "STORE", "COPY", "SEARCH", "EXPUNGE").contains(verb)) {
        throw new ImapSyntaxError("UID " + verb + " is not a command");
      }
    }
    String name = (uid ? "UID " : "") + verb;
    switch (verb) {
      case "FETCH" -> {
        arity(args, 2);
        selected.fetch(Mailboxes.atom(args.get(0)), args.get(1), uid);
      }
      case "STORE" -> {
        arity(args, 3);
        if (selected.readOnly) {
          send(tag + " NO [READ-ONLY] mailbox was EXAMINEd");
          return;
        }
        Object flags = args.get(2);
        selected.store(Mailboxes.atom(args.get(0)), Mailboxes.atom(args.get(1)),
            flags instanceof List<?> l ? List.copyOf(l) : List.of(flags), uid);
      }
      case "COPY" -> {
        arity(args, 2);
        Folder target = mailboxes.folder(Mailboxes.string(args.get(1)), false);
        if (target == null) {
          send(tag + " NO [TRYCREATE] no such mailbox");
          return;
        }
        String code = selected.copy(Mailboxes.atom(args.get(0)), target, uid);
        send(tag + " OK " + code + name + " completed");
        return;
      }
      case "SEARCH" -> selected.search(args, uid);
      case "EXPUNGE" -> {
        if (uid) {
          arity(args, 1);
        }
        if (selected.readOnly) {
          send(tag + " NO [READ-ONLY] mailbox was EXAMINEd");
          return;
        }
        selected.expunge(uid ? Mailboxes.atom(args.get(0)) : null, true);
        selected.folder.changed(watcher);
      }
      case "CLOSE", "UNSELECT" -> {
        if (verb.equals("CLOSE") && !selected.readOnly) {
          selected.expunge(null, false); // RFC 3501 6.4.2: silently
          selected.folder.changed(watcher);
        }
        unselect();
        state = State.AUTHENTICATED;
      }
      default -> {
        bad(tag, "unknown command " + verb);
        return;
      }
    }
    if (verb.equals("STORE") || verb.equals("EXPUNGE")) {
      selected.folder.changed(watcher);
    }
    send(tag + " OK " + name + " completed");
  }

  private void select(String tag, String verb, List<Object> args)
      throws ImapSyntaxError, IOException {
    arity(args, 1);
    unselect();
    state = State.AUTHENTICATED;
    Folder f = mailboxes.folder(Mailboxes.string(args.get(0)), false);
    if (f == null) {
      send(tag + " NO no such mailbox");
      return;
    }
    boolean readOnly = verb.equals("EXAMINE");
    selected = new SelectedMailbox(f, readOnly, this::write);
    f.watch(watcher);
    state = State.SELECTED;
    send("* FLAGS " + SelectedMailbox.FLAG_LIST);
    send("* OK [PERMANENTFLAGS " + (readOnly ? "()" : SelectedMailbox.FLAG_LIST) + "] flags");
    send("* " + selected.exists() + " EXISTS");
    send("* 0 RECENT");
    long unseen = selected.firstUnseen();
    if (unseen > 0) {
      send("* OK [UNSEEN " + unseen + "] first unseen");
    }
    send("* OK [UIDVALIDITY " + f.uidValidity() + "] UIDs valid");
    send("* OK [UIDNEXT " + f.uidNext() + "] predicted next UID");
    send(tag + " OK [" + (readOnly ? "READ-ONLY" : "READ-WRITE") + "] " + verb + " completed");
  }

  private void unselect() {
    if (selected != null) {
      selected.folder.unwatch(watcher);
      selected = null;
    }
  }

  /** Another session changed the selected mailbox: tell an idling client at once (RFC 2177). */
  private void mailboxChanged() {
    if (idleTag == null || selected == null || !connected) {
      return;
    }
    if (busy) {
      changePending = true; // reported when the command or sync in progress has finished
      return;
    }
    Work sync = () -> {
      try {
        if (selected != null) {
          selected.sync(true);
        }
      } catch (IOException e) {
        // reported at the next NOOP
      }
    };
    if (pool == null) {
      try {
        sync.run();
      } catch (ImapSyntaxError | IOException impossible) {
        // sync throws neither
      }
    } else {
      work(List.of(), sync, null);
    }
  }

  private void scheduleIdlePoll() {
    idlePoll = clock.callLater(IDLE_POLL, () -> {
      idlePoll = null;
      if (idleTag != null && connected) {
        mailboxChanged();
        scheduleIdlePoll();
      }
    });
  }

  private void stopIdlePoll() {
    if (idlePoll != null && idlePoll.active()) {
      idlePoll.cancel();
    }
    idlePoll = null;
  }

  private void syncSelected(boolean expunges) throws IOException {
    if (selected != null) {
      selected.sync(expunges);
    }
  }

  /** A line answering "+": the end of IDLE, or an AUTHENTICATE response. */
  private void continuation(String line) {
    if (idleTag != null) {
      String tag = idleTag;
      idleTag = null;
      stopIdlePoll();
      if (line.equalsIgnoreCase("DONE")) {
        send(tag + " OK IDLE terminated");
      } else {
        bad(tag, "DONE expected");
      }
      return;
    }
    String tag = authTag;
    authTag = null;
    if (line.equals("*")) {
      bad(tag, "AUTHENTICATE cancelled"); // RFC 3501 6.2.2
      return;
    }
    plain(tag, line);
  }

  private void authenticate(String tag, List<Object> args) throws ImapSyntaxError {
    if (args.isEmpty() || args.size() > 2) {
      throw new ImapSyntaxError("AUTHENTICATE mechanism [initial-response]");
    }
    if (!Mailboxes.atom(args.get(0)).equalsIgnoreCase("PLAIN")) {
      send(tag + " NO unsupported authentication mechanism");
      return;
    }
    if (!plaintextAllowed()) {
      send(tag + " NO [PRIVACYREQUIRED] AUTHENTICATE PLAIN needs STARTTLS first");
      return;
    }
    if (args.size() == 2) {
      plain(tag, Mailboxes.atom(args.get(1))); // RFC 4959: SASL-IR
    } else {
      authTag = tag;
      send("+ ");
    }
  }

  /** RFC 4616 2: base64 of authzid NUL authcid NUL password. */
  private void plain(String tag, String b64) {
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(b64.trim().equals("=") ? "" : b64.trim());
    } catch (IllegalArgumentException e) {
      bad(tag, "not base64");
      return;
    }
    String[] f = new String(raw, StandardCharsets.UTF_8).split("\0", -1);
    if (f.length != 3 || (!f[0].isEmpty() && !f[0].equals(f[1]))) {
      send(tag + " NO [AUTHENTICATIONFAILED] bad PLAIN response");
      return;
    }
    login(tag, f[1], f[2]);
  }

  private void login(String tag, String user, String password) {
    busy = true;
    options.portal.login(new UsernamePassword(options.loginName.apply(user), password),
        transport.getPeer(), null, MailAccount.class).addCallbacks(l -> {
          if (!connected) {
            l.logout().run();
            return null;
          }
          login = l;
          mailboxes = new Mailboxes(l.avatar(), options.spool, this::send);
          state = State.AUTHENTICATED;
          send(tag + " OK [CAPABILITY " + capabilities() + "] logged in");
          resume();
          return null;
        }, f -> {
          send(tag + " NO [" + (f.value() instanceof LoginRateLimited ? "UNAVAILABLE" :
              "AUTHENTICATIONFAILED") + "] authentication failed");
          bad++;
          resume();
          return null;
        });
  }

  private void startTls(String tag) {
    if (options.tls == null || isTls()) {
      send(tag + " NO STARTTLS not available");
      return;
    }
    send(tag + " OK Begin TLS negotiation now");
    transport.startTLS(options.tls);
    // RFC 3501 6.2.1 and CVE-2011-0411: what was pipelined behind STARTTLS is not read.
    reader.discardRest();
    for (List<Object> c : queued) {
      discardLiterals(c);
    }
    queued.clear();
  }

  private boolean isTls() {
    return transport instanceof TLSTransport;
  }

  private boolean plaintextAllowed() {
    return isTls() || options.plaintextEverywhere || Network.isLoopback(transport.getPeer());
  }

  private String capabilities() {
    StringBuilder b = new StringBuilder("IMAP4rev1 LITERAL+ IDLE UIDPLUS UNSELECT SASL-IR");
    if (state == State.NOT_AUTHENTICATED) {
      if (options.tls != null && !isTls()) {
        b.append(" STARTTLS");
      }
      b.append(plaintextAllowed() ? " AUTH=PLAIN" : " LOGINDISABLED");
    }
    return b.toString();
  }

  private static void arity(List<Object> args, int n) throws ImapSyntaxError {
    if (args.size() != n) {
      throw new ImapSyntaxError("expected " + n + " arguments");
    }
  }

  private void bad(String tag, String why) {
    send(tag + " BAD " + why.replace('\r', ' ').replace('\n', ' '));
    if (++bad >= options.maxBadCommands) {
      send("* BYE too many bad commands");
      onReactor(transport::loseConnection);
    }
  }

  private void send(String line) {
    write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
  }

  private void write(byte[] bytes) {
    if (offReactor.get() != null) {
      home.callFromThread(() -> write(bytes));
      return;
    }
    if (connected && !transport.isDisconnecting()) {
      transport.write(bytes);
    }
  }
}
