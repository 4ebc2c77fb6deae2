package dev.torsion.mail.smtp;

import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.mail.internal.CrlfLineSplitter;
import dev.torsion.mail.internal.SerialDiskQueue;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * An ESMTP server session (RFC 5321 with SIZE, 8BITMIME, PIPELINING, STARTTLS, AUTH and
 * ENHANCEDSTATUSCODES): Twisted's {@code smtp.ESMTP}. Made by {@link ESMTPFactory}.
 *
 * <pre>
 *            EHLO/HELO          MAIL            RCPT (1..n)        DATA           "."
 *   GREETED ----------> READY ------> IN_MAIL -----------> HAS_RCPT ----> DATA -------> READY
 *      |   STARTTLS: back to GREETED, everything forgotten (RFC 3207 4.2)     |
 *      +-- AUTH: a challenge exchange, then READY, authenticated              +-- RSET: READY
 * </pre>
 *
 * <p>Lines end at CRLF only; in DATA a line with a bare CR or LF makes the message refused, so
 * {@code LF . LF} can never end a message (the SMTP smuggling trick). Bytes pipelined behind
 * STARTTLS are dropped (CVE-2011-0411). The message streams to a spool file as it arrives;
 * one over the SIZE limit is read to its end and refused with 552, never held in memory.
 *
 * <pre>{@code
 * reactor.listenTCP(2525, new ESMTPFactory(SMTPServerOptions.builder("mx.example.com")
 *     .delivery(delivery).build(), reactor));
 * }</pre>
 */
public final class ESMTPServer extends Protocol {
  /** RFC 5321 4.5.3.1.4: a command line is 512 octets with its CRLF. */
  static final int MAX_COMMAND = 510;
  /** RFC 5321 4.5.3.1.6: a text line is 1000 octets with its CRLF. */
  static final int MAX_TEXT_LINE = 998;
  /** RFC 4954 4: an AUTH line may be 12288 octets. */
  static final int MAX_AUTH_LINE = 12288;
  /** Bytes held while a command waits on a login or a delivery, before reading pauses. */
  private static final int MAX_PENDING = 64 * 1024;
  /** Spool bytes queued for the disk before reading stops until the queue drains. */
  private static final int MAX_QUEUED = 4 * SpoolWriter.CHUNK;

  private enum State { COMMAND, DATA, AUTH }

  final SMTPServerOptions options;
  private final ReactorTime clock;
  private final CrlfLineSplitter lines = new CrlfLineSplitter(MAX_COMMAND);
  private final SmtpAuth auth;
  private State state = State.COMMAND;
  private String helo;
  private boolean esmtp;
  String authenticatedUser;
  private MailAddress from;
  private boolean inMail;
  private final List<MailAddress> recipients = new ArrayList<>();
  private SpoolWriter spool;
  /** The spool file's writes, in order, on the reactor's pool (inline on a bare Clock). */
  private final SerialDiskQueue disk;
  private int errors;
  private boolean waiting;
  private boolean tlsStarted;
  private byte[] pending = new byte[0];
  private boolean pausedTransport;
  private DelayedCall timer;

  ESMTPServer(SMTPServerOptions options, ReactorTime clock) {
    this.options = options;
    this.clock = clock;
    this.auth = new SmtpAuth(this);
    this.disk = new SerialDiskQueue(clock instanceof Reactor r ? r : null);
  }

  @Override
  public void connectionMade() {
    reply("220 " + options.hostname + " ESMTP Torsion");
    timer = clock.callLater(options.timeout, this::timedOut);
  }

  private void timedOut() {
    reply("421 4.4.2 " + options.hostname + " Error: timeout exceeded");
    transport.loseConnection();
  }

  @Override
  public void connectionLost(Failure reason) {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    abortSpool();
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
      int used = lines.feed(data, off, n, this::lineReceived);
      off += used;
      n -= used;
      if (tlsStarted) {
        // RFC 3207 4 and CVE-2011-0411: what came with STARTTLS in plaintext is not a command.
        tlsStarted = false;
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
    if (n == 0) {
      return;
    }
    byte[] more = Arrays.copyOf(pending, pending.length + n);
    System.arraycopy(data, off, more, pending.length, n);
    pending = more;
    if (pending.length > MAX_PENDING && !pausedTransport) {
      pausedTransport = true;
      transport.pauseProducing();
    }
  }

  /** Called when a login or delivery the session waited on has answered. */
  void resume() {
    waiting = false;
    if (!connected || transport.isDisconnecting()) {
      return;
    }
    byte[] held = pending;
    pending = new byte[0];
    if (pausedTransport) {
      pausedTransport = false;
      transport.resumeProducing();
    }
    process(held, 0, held.length);
  }

  void waitForAnswer() {
    waiting = true;
  }

  private boolean lineReceived(byte[] line, boolean tooLong) {
    switch (state) {
      case DATA -> dataLine(line, tooLong);
      case AUTH -> auth.lineReceived(line, tooLong);
      default -> command(line, tooLong);
    }
    lines.setLimit(state == State.DATA ? MAX_TEXT_LINE : state == State.AUTH ? MAX_AUTH_LINE
        : MAX_COMMAND);
    return !waiting && !tlsStarted && !transport.isDisconnecting();
  }

  private void command(byte[] raw, boolean tooLong) {
    if (tooLong) {
      error("500 5.5.2 Line too long");
      return;
    }
    String line = new String(raw, StandardCharsets.ISO_8859_1);
    int sp = line.indexOf(' ');
    String verb = (sp < 0 ? line : line.substring(0, sp)).toUpperCase(Locale.ROOT);
    String arg = sp < 0 ? "" : line.substring(sp + 1);
    switch (verb) {
      case "EHLO" -> hello(arg, true);
      case "HELO" -> hello(arg, false);
      case "MAIL" -> mail(arg);
      case "RCPT" -> rcpt(arg);
      case "DATA" -> data(arg);
      case "RSET" -> {
        resetTransaction();
        reply("250 2.0.0 Ok");
      }
      case "NOOP" -> reply("250 2.0.0 Ok");
      case "QUIT" -> {
        reply("221 2.0.0 Bye");
        transport.loseConnection();
      }
      case "VRFY" -> reply("252 2.5.2 Cannot VRFY user, but will accept message and attempt delivery");
      case "EXPN" -> error("502 5.5.1 EXPN not available");
      case "HELP" -> reply("214 2.0.0 See RFC 5321");
      case "STARTTLS" -> startTls(arg);
      case "AUTH" -> {
        if (helo == null || !esmtp) {
          error("503 5.5.1 Send EHLO first");
        } else if (authenticatedUser != null) {
          error("503 5.5.1 Already authenticated");
        } else if (inMail) {
          error("503 5.5.1 AUTH not allowed during a mail transaction");
        } else if (!authOffered()) {
          error(options.portal == null ? "502 5.5.1 AUTH not available"
              : "538 5.7.11 Encryption required for requested authentication mechanism");
        } else {
          auth.start(arg);
        }
      }
      default -> error("500 5.5.2 Command unrecognized");
    }
  }

  private void hello(String arg, boolean extended) {
    String name = arg.trim();
    if (name.isEmpty() || name.contains(" ")) {
      error("501 5.5.4 Syntax: " + (extended ? "EHLO" : "HELO") + " hostname");
      return;
    }
    resetTransaction();
    helo = name;
    esmtp = extended;
    if (!extended) {
      reply("250 " + options.hostname);
      return;
    }
    List<String> ext = new ArrayList<>();
    ext.add(options.hostname + " Hello " + name);
    ext.add("SIZE " + options.maxMessageSize);
    ext.add("8BITMIME");
    ext.add("PIPELINING");
    ext.add("ENHANCEDSTATUSCODES");
    if (options.tls != null && !isTls()) {
      ext.add("STARTTLS");
    }
    if (authOffered()) {
      ext.add("AUTH " + auth.mechanisms());
    }
    ext.add("HELP");
    StringBuilder out = new StringBuilder();
    for (int i = 0; i < ext.size(); i++) {
      out.append(i == ext.size() - 1 ? "250 " : "250-").append(ext.get(i)).append("\r\n");
    }
    transport.write(out.toString().getBytes(StandardCharsets.ISO_8859_1));
  }

  boolean isTls() {
    return transport instanceof TLSTransport;
  }

  private boolean authOffered() {
    return options.portal != null && (isTls() || options.plaintextAuth);
  }

  private void mail(String arg) {
    if (helo == null) {
      error("503 5.5.1 Send HELO or EHLO first");
      return;
    }
    if (inMail) {
      error("503 5.5.1 Nested MAIL command");
      return;
    }
    SMTPPath.Parsed p;
    try {
      p = SMTPPath.parse(arg, "FROM", null);
    } catch (SMTPPath.SyntaxError e) {
      error("501 5.5.4 " + e.getMessage());
      return;
    }
    for (Map.Entry<String, String> e : p.params().entrySet()) {
      String v = e.getValue();
      switch (e.getKey()) {
        case "SIZE" -> {
          if (v == null || !v.matches("[0-9]{1,19}")) {
            error("501 5.5.4 Bad SIZE parameter");
            return;
          }
          if (Long.parseLong(v) > options.maxMessageSize) {
            error("552 5.3.4 Message size exceeds fixed maximum message size");
            return;
          }
        }
        case "BODY" -> {
          if (v == null || !(v.equalsIgnoreCase("7BIT") || v.equalsIgnoreCase("8BITMIME"))) {
            error("501 5.5.4 Bad BODY parameter");
            return;
          }
        }
        case "AUTH" -> { } // RFC 4954 5: we do not relay the identity on
        default -> {
          error("555 5.5.4 Unsupported parameter " + e.getKey());
          return;
        }
      }
    }
    from = p.address();
    inMail = true;
    reply("250 2.1.0 Ok");
  }

  private void rcpt(String arg) {
    if (!inMail) {
      error("503 5.5.1 Need MAIL command");
      return;
    }
    SMTPPath.Parsed p;
    try {
      p = SMTPPath.parse(arg, "TO", primaryDomain());
    } catch (SMTPPath.SyntaxError e) {
      error("501 5.5.4 " + e.getMessage());
      return;
    }
    if (!p.params().isEmpty()) {
      error("555 5.5.4 Unsupported parameter " + p.params().keySet().iterator().next());
      return;
    }
    if (recipients.size() >= options.maxRecipients) {
      reply("452 4.5.3 Too many recipients");
      return;
    }
    String refusal = options.delivery.validateTo(p.address(), authenticatedUser, transport.getPeer());
    if (refusal != null) {
      error(refusal);
      return;
    }
    recipients.add(p.address());
    reply("250 2.1.5 Ok");
  }

  private String primaryDomain() {
    return options.postmasterDomain;
  }

  private void data(String arg) {
    if (!arg.isEmpty()) {
      error("501 5.5.4 Syntax: DATA");
    } else if (!inMail) {
      error("503 5.5.1 Need MAIL command");
    } else if (recipients.isEmpty()) {
      error("554 5.5.1 No valid recipients");
    } else {
      SpoolWriter s = new SpoolWriter(options.delivery.spoolDirectory(),
          options.maxMessageSize);
      spool = s;
      String header = receivedHeader();
      // 354 only once the file exists, so that a full disk is refused before the data comes
      waitForAnswer();
      disk.submit(header.length(), () -> s.open(header));
      disk.whenDrained(() -> {
        if (s.failed()) {
          abortSpool();
          reply("451 4.3.0 Cannot spool the message");
        } else if (spool == s) {
          state = State.DATA;
          reply("354 End data with <CR><LF>.<CR><LF>");
        }
        resume();
      });
    }
  }

  private String receivedHeader() {
    String peer = String.valueOf(transport.getPeer());
    if (transport.getPeer() instanceof dev.torsion.internet.IPv4Address a) {
      peer = "[" + a.host() + "]";
    } else if (transport.getPeer() instanceof dev.torsion.internet.IPv6Address a) {
      peer = "[IPv6:" + a.host() + "]";
    }
    // RFC 3848: ESMTP, ESMTPS (TLS), ESMTPA (AUTH), ESMTPSA (both).
    String with = (esmtp ? "ESMTP" : "SMTP") + (isTls() ? "S" : "")
        + (authenticatedUser != null ? "A" : "");
    String forClause = recipients.size() == 1 ? "\r\n\tfor <" + recipients.get(0) + ">" : "";
    String date = java.time.format.DateTimeFormatter.RFC_1123_DATE_TIME
        .format(java.time.ZonedDateTime.now(java.time.ZoneOffset.UTC));
    return "Received: from " + sanitize(helo) + " (" + peer + ")\r\n\tby " + options.hostname
        + " (Torsion) with " + with + forClause + "; " + date + "\r\n";
  }

  private static String sanitize(String s) {
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < s.length() && i < 255; i++) {
      char c = s.charAt(i);
      b.append(c > 32 && c < 127 && c != '(' && c != ')' && c != ';' ? c : '?');
    }
    return b.toString();
  }

  // RFC 5321 4.5.2: a line starting with "." had one added; "." alone ends the message.
  private void dataLine(byte[] line, boolean tooLong) {
    if (line.length == 1 && line[0] == '.' && !tooLong) {
      endOfData();
      return;
    }
    int from = line.length > 0 && line[0] == '.' ? 1 : 0;
    byte[] chunk = spool.line(line, from, tooLong);
    if (chunk != null) {
      SpoolWriter s = spool;
      disk.submit(chunk.length, () -> s.write(chunk));
      if (disk.queuedBytes() > MAX_QUEUED) {
        // the disk lags: stop reading (held bytes pause the transport) until it has caught up
        waitForAnswer();
        disk.whenDrained(this::resume);
      }
    }
  }

  private void endOfData() {
    state = State.COMMAND;
    SpoolWriter s = spool;
    spool = null;
    byte[] rest = s.takeChunk();
    disk.submit(rest.length, () -> s.write(rest));
    disk.submit(0, s::close);
    Envelope env = new Envelope(from, recipients, helo, transport.getPeer(), authenticatedUser,
        isTls());
    resetTransaction();
    waitForAnswer();
    // RFC 5321 4.1.1.4: 250 only once the message is safely stored, so after the queue drains
    disk.whenDrained(() -> {
      String refusal = s.refusal();
      if (refusal != null) {
        disk.submit(0, s::delete);
        error(refusal);
        resume();
        return;
      }
      String id = s.id();
      options.delivery.deliver(env, s.path()).addCallbacks(ok -> {
        disk.submit(0, s::delete);
        reply("250 2.0.0 Ok: queued as " + id);
        resume();
        return null;
      }, failure -> {
        disk.submit(0, s::delete);
        reply("451 4.3.0 Error: cannot deliver the message now, try again later");
        resume();
        return null;
      });
    });
  }

  private void startTls(String arg) {
    if (options.tls == null) {
      error("502 5.5.1 STARTTLS not available");
    } else if (isTls()) {
      error("503 5.5.1 TLS already active");
    } else if (!arg.isEmpty()) {
      error("501 5.5.4 Syntax: STARTTLS");
    } else {
      reply("220 2.0.0 Ready to start TLS");
      transport.startTLS(options.tls);
      // RFC 3207 4.2: the client starts over with EHLO; nothing learnt before counts.
      tlsStarted = true;
      resetTransaction();
      helo = null;
      esmtp = false;
      authenticatedUser = null;
    }
  }

  void setState(boolean inAuth) {
    state = inAuth ? State.AUTH : State.COMMAND;
  }

  private void resetTransaction() {
    from = null;
    inMail = false;
    recipients.clear();
    abortSpool();
  }

  private void abortSpool() {
    if (spool != null) {
      SpoolWriter s = spool;
      spool = null;
      disk.submit(0, s::delete);
    }
  }

  /** An error reply; too many of them and the session ends (a client that probes or is lost). */
  void error(String text) {
    reply(text);
    if (++errors >= options.maxErrors) {
      reply("421 4.7.0 " + options.hostname + " Error: too many errors");
      transport.loseConnection();
    }
  }

  void reply(String text) {
    if (connected && !transport.isDisconnecting()) {
      transport.write((text + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }
}
