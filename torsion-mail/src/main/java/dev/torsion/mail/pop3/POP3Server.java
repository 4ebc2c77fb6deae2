package dev.torsion.mail.pop3;

import dev.torsion.cred.APOPCredentials;
import dev.torsion.cred.Credentials;
import dev.torsion.cred.Login;
import dev.torsion.cred.LoginRateLimited;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.Threads;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.mail.MailAccount;
import dev.torsion.mail.Maildir;
import dev.torsion.mail.internal.CrlfLineSplitter;
import dev.torsion.mail.internal.MessageSender;
import dev.torsion.mail.internal.WireFormat;
import dev.torsion.mail.smtp.Network;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * A POP3 session over one user's Maildir (RFC 1939, CAPA of RFC 2449, STLS of RFC 2595):
 * Twisted's {@code pop3.POP3}. Made by {@link POP3Factory}.
 *
 * <pre>
 *   AUTHORIZATION --USER+PASS / APOP--> TRANSACTION --QUIT--> UPDATE (DELE applied) --> closed
 *        | STLS: TLS, then AUTHORIZATION again                 QUIT in AUTHORIZATION: just closes
 * </pre>
 *
 * <p>Deletions are marks until QUIT (RFC 1939 6): a dropped connection deletes nothing. The
 * message list is fixed at login; sizes count CRLF line ends, as RETR sends them. Plaintext
 * passwords are refused before TLS except from loopback; APOP is always allowed.
 *
 * <p>Given a {@link Reactor}, the Maildir work (the listing and sizes at login, RETR and TOP,
 * the deletions at QUIT) runs on its thread pool while later commands wait, and RETR/TOP stream
 * the message in chunks as the connection drains; given a bare clock, all of it runs inline.
 *
 * <pre>{@code
 * reactor.listenTCP(110, new POP3Factory(POP3ServerOptions.builder("mail", portal).build(), reactor));
 * }</pre>
 */
public final class POP3Server extends Protocol {
  /** RFC 2449 4: a command line is 255 octets with CRLF; allow longer APOP/PASS a little. */
  static final int MAX_COMMAND = 510;

  private final POP3ServerOptions options;
  private final ReactorTime clock;
  private final CrlfLineSplitter lines = new CrlfLineSplitter(MAX_COMMAND);
  private final String timestamp;
  private String user;
  private Login<MailAccount> login;
  private List<Maildir.Message> messages;
  private long[] sizes;
  private boolean[] deleted;
  private int errors;
  private boolean waiting;
  private boolean tlsStarted;
  private byte[] pending = new byte[0];
  private DelayedCall timer;
  /** The reactor whose pool does the Maildir work, or null to do it inline. */
  private final Reactor pool;

  POP3Server(POP3ServerOptions options, ReactorTime clock) {
    this.options = options;
    this.clock = clock;
    this.pool = clock instanceof Reactor r ? r : null;
    this.timestamp = "<" + ProcessHandle.current().pid() + "." + Long.toUnsignedString(
        new java.security.SecureRandom().nextLong()) + "@" + options.hostname + ">";
  }

  @Override
  public void connectionMade() {
    send("+OK " + options.hostname + " Torsion POP3 ready " + timestamp);
    timer = clock.callLater(options.timeout, () -> {
      send("-ERR timeout, closing");
      transport.loseConnection();
    });
  }

  @Override
  public void connectionLost(Failure reason) {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
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
    if (waiting) {
      hold(data, 0, data.length);
      return;
    }
    process(data, 0, data.length);
  }

  private void process(byte[] data, int off, int n) {
    while (n > 0 && !transport.isDisconnecting()) {
      int used = lines.feed(data, off, n, this::line);
      off += used;
      n -= used;
      if (tlsStarted) {
        tlsStarted = false; // RFC 2595 4 / CVE-2011-0411: plaintext behind STLS is dropped
        lines.clear();
        return;
      }
      if (waiting) {
        hold(data, off, n);
        return;
      }
    }
  }

  private void hold(byte[] data, int off, int n) {
    if (n > 0 && pending.length < 64 * 1024) {
      byte[] more = Arrays.copyOf(pending, pending.length + n);
      System.arraycopy(data, off, more, pending.length, n);
      pending = more;
    }
  }

  private void resume() {
    waiting = false;
    if (!connected || transport.isDisconnecting()) {
      return;
    }
    byte[] held = pending;
    pending = new byte[0];
    process(held, 0, held.length);
  }

  private boolean line(byte[] raw, boolean tooLong) {
    if (tooLong) {
      error("-ERR line too long");
    } else {
      command(new String(raw, StandardCharsets.ISO_8859_1));
    }
    return !waiting && !tlsStarted && !transport.isDisconnecting();
  }

  private void command(String line) {
    String[] words = line.split(" ", -1);
    String verb = words[0].toUpperCase(Locale.ROOT);
    if (verb.equals("CAPA")) {
      capa();
      return;
    }
    if (verb.equals("QUIT")) {
      quit();
      return;
    }
    if (verb.equals("NOOP") && login != null) {
      send("+OK");
      return;
    }
    if (login == null) {
      authorization(verb, words, line);
    } else {
      transaction(verb, words);
    }
  }

  private boolean isTls() {
    return transport instanceof TLSTransport;
  }

  private boolean plaintextAllowed() {
    return isTls() || options.plaintextEverywhere || Network.isLoopback(transport.getPeer());
  }

  private void capa() {
    StringBuilder b = new StringBuilder("+OK Capability list follows\r\n");
    b.append("TOP\r\nUIDL\r\nRESP-CODES\r\nPIPELINING\r\nEXPIRE NEVER\r\n");
    if (login == null && plaintextAllowed()) {
      b.append("USER\r\n");
    }
    if (login == null && options.tls != null && !isTls()) {
      b.append("STLS\r\n");
    }
    b.append("IMPLEMENTATION Torsion\r\n.\r\n");
    transport.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private void authorization(String verb, String[] words, String line) {
    switch (verb) {
      case "USER" -> {
        if (!plaintextAllowed()) {
          error("-ERR [AUTH] plaintext login needs STLS first");
        } else if (words.length != 2 || words[1].isEmpty()) {
          error("-ERR Syntax: USER name");
        } else {
          user = words[1];
          send("+OK send PASS");
        }
      }
      case "PASS" -> {
        if (user == null) {
          error("-ERR USER first");
        } else {
          String name = user;
          user = null;
          // The password is the rest of the line: it may hold spaces (RFC 1939 7).
          login(new UsernamePassword(options.loginName.apply(name),
              line.length() > 5 ? line.substring(5) : ""));
        }
      }
      case "APOP" -> {
        if (words.length != 3 || !words[2].matches("[0-9a-fA-F]{32}")) {
          error("-ERR Syntax: APOP name digest");
        } else {
          login(new APOPCredentials(timestamp, options.loginName.apply(words[1]), words[2]));
        }
      }
      case "STLS" -> {
        if (options.tls == null || isTls()) {
          error("-ERR STLS not available");
        } else {
          send("+OK Begin TLS negotiation");
          transport.startTLS(options.tls);
          tlsStarted = true;
          user = null;
        }
      }
      default -> error("-ERR unknown command or not logged in");
    }
  }

  private void login(Credentials creds) {
    waiting = true;
    options.portal.login(creds, transport.getPeer(), null, MailAccount.class).addCallbacks(l -> {
      if (!connected) {
        l.logout().run();
        return null;
      }
      disk(() -> listing(l)).addCallbacks(box -> {
        if (!connected) {
          l.logout().run();
          return null;
        }
        messages = box.messages;
        sizes = box.sizes;
        deleted = new boolean[sizes.length];
        login = l;
        send("+OK " + messages.size() + " messages");
        resume();
        return null;
      }, f -> {
        l.logout().run();
        send("-ERR [SYS/TEMP] cannot open the mailbox");
        resume();
        return null;
      });
      return null;
    }, f -> {
      if (f.value() instanceof LoginRateLimited) {
        send("-ERR [SYS/TEMP] too many failures, try later");
      } else {
        error("-ERR [AUTH] authentication failed");
      }
      resume();
      return null;
    });
  }

  private record Listing(List<Maildir.Message> messages, long[] sizes) {}

  /** The message list fixed at login, with sizes as RETR sends them (disk work). */
  private static Listing listing(Login<MailAccount> l) throws IOException {
    List<Maildir.Message> list = new ArrayList<>(l.avatar().maildir().list());
    long[] s = new long[list.size()];
    for (int i = 0; i < s.length; i++) {
      s[i] = WireFormat.crlfSize(list.get(i).path());
    }
    return new Listing(list, s);
  }

  /** Runs disk work on the reactor's pool (inline without one); fires on the reactor thread. */
  private <T> Deferred<T> disk(java.util.concurrent.Callable<T> work) {
    if (pool != null) {
      return Threads.deferToThread(pool, work);
    }
    try {
      return Deferred.succeed(work.call());
    } catch (Exception e) {
      return Deferred.fail(e);
    }
  }

  private void transaction(String verb, String[] words) {
    switch (verb) {
      case "STAT" -> {
        long total = 0;
        int count = 0;
        for (int i = 0; i < sizes.length; i++) {
          if (!deleted[i]) {
            count++;
            total += sizes[i];
          }
        }
        send("+OK " + count + " " + total);
      }
      case "LIST", "UIDL" -> listing(verb.equals("UIDL"), words);
      case "RETR" -> {
        int i = message(words, 2);
        if (i >= 0) {
          retrieve(i, -1);
        }
      }
      case "TOP" -> {
        int i = message(words, 3);
        if (i >= 0) {
          if (!words[2].matches("[0-9]{1,9}")) {
            error("-ERR Syntax: TOP msg lines");
          } else {
            retrieve(i, Integer.parseInt(words[2]));
          }
        }
      }
      case "DELE" -> {
        int i = message(words, 2);
        if (i >= 0) {
          deleted[i] = true;
          send("+OK message " + (i + 1) + " deleted");
        }
      }
      case "RSET" -> {
        Arrays.fill(deleted, false);
        send("+OK");
      }
      default -> error("-ERR unknown command");
    }
  }

  /** The index of the message the command names, or -1 after an error reply. */
  private int message(String[] words, int arity) {
    if (words.length != arity || !words[1].matches("[0-9]{1,9}")) {
      error("-ERR Syntax: message number expected");
      return -1;
    }
    int n = Integer.parseInt(words[1]);
    if (n < 1 || n > sizes.length) {
      error("-ERR no such message");
      return -1;
    }
    if (deleted[n - 1]) {
      error("-ERR message " + n + " already deleted");
      return -1;
    }
    return n - 1;
  }

  private void listing(boolean uidl, String[] words) {
    if (words.length == 2) {
      int i = message(words, 2);
      if (i >= 0) {
        send("+OK " + (i + 1) + " " + (uidl ? messages.get(i).uniqueName() : sizes[i]));
      }
      return;
    }
    if (words.length != 1) {
      error("-ERR Syntax");
      return;
    }
    StringBuilder b = new StringBuilder("+OK\r\n");
    for (int i = 0; i < sizes.length; i++) {
      if (!deleted[i]) {
        b.append(i + 1).append(' ')
            .append(uidl ? messages.get(i).uniqueName() : String.valueOf(sizes[i])).append("\r\n");
      }
    }
    b.append(".\r\n");
    transport.write(b.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  private void retrieve(int i, int topLines) {
    if (pool != null) {
      stream(i, topLines);
      return;
    }
    byte[] raw;
    try {
      raw = login.avatar().maildir().read(messages.get(i));
    } catch (IOException e) {
      send("-ERR [SYS/TEMP] message " + (i + 1) + " cannot be read");
      return;
    }
    byte[] wire = WireFormat.toWire(raw, true, topLines);
    byte[] head = ("+OK " + (topLines < 0 ? sizes[i] + " octets" : "top of message follows")
        + "\r\n").getBytes(StandardCharsets.ISO_8859_1);
    transport.writeSequence(List.of(head, wire, ".\r\n".getBytes(StandardCharsets.ISO_8859_1)));
  }

  /**
   * RETR/TOP from the pool: the status line, then the message in chunks read and encoded on the
   * pool as the connection drains, then ".". Later commands wait until it is all out.
   */
  private void stream(int i, int topLines) {
    waiting = true;
    Maildir.Message m = messages.get(i);
    send("+OK " + (topLines < 0 ? sizes[i] + " octets" : "top of message follows"));
    new MessageSender(pool, m.path(), new WireFormat.Encoder(true, topLines)).send(transport)
        .addCallbacks(n -> {
          send(".");
          resume();
          return null;
        }, f -> {
          // The status line is out: the only honest end is to close (RFC 1939 has no way back).
          transport.loseConnection();
          return null;
        });
  }

  private void quit() {
    if (login == null) {
      send("+OK bye");
      transport.loseConnection();
      return;
    }
    // RFC 1939 6: the UPDATE state, entered only through QUIT.
    waiting = true;
    Maildir maildir = login.avatar().maildir();
    List<Maildir.Message> doomed = new ArrayList<>();
    for (int i = 0; i < deleted.length; i++) {
      if (deleted[i]) {
        doomed.add(messages.get(i));
      }
    }
    disk(() -> {
      boolean failed = false;
      for (Maildir.Message m : doomed) {
        try {
          maildir.delete(m);
        } catch (IOException e) {
          failed = true;
        }
      }
      return failed;
    }).addCallback(failed -> {
      send(failed ? "-ERR [SYS/TEMP] some deleted messages not removed" : "+OK bye");
      transport.loseConnection();
      return null;
    });
  }

  private void error(String text) {
    send(text);
    if (++errors >= options.maxErrors) {
      send("-ERR too many errors");
      transport.loseConnection();
    }
  }

  private void send(String line) {
    if (connected && !transport.isDisconnecting()) {
      transport.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}
