package dev.torsion.mail.smtp;

import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.DelayedCall;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.internet.ReactorTime;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.ssl.HandshakeListener;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.internet.ssl.TLSTransport;
import dev.torsion.mail.internal.CrlfLineSplitter;
import dev.torsion.mail.internal.WireFormat;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Sends one message over one connection (RFC 5321 with STARTTLS 3207, AUTH 4954, SIZE 1870):
 * Twisted's {@code smtp.ESMTPSender}. Most code wants {@link SMTPClient#sendmail} instead, which
 * connects and builds this.
 *
 * <pre>
 *   220 -> EHLO --250--> [STARTTLS --220--> TLS --> EHLO --250-->] [AUTH --235-->]
 *            \--5xx--> HELO --250--/
 *   MAIL FROM --250--> RCPT TO (each) --> DATA --354--> message "." --250--> QUIT
 * </pre>
 *
 * <p>Commands go one at a time. Replies are bounded (line length, lines per reply). The result
 * fires once: with {@link SentMail} after the server took the message, or with {@link SMTPError},
 * {@link TimeoutError} or the connection's loss.
 *
 * <pre>{@code
 * ESMTPSender s = new ESMTPSender(reactor, options, "a@example.com", List.of("b@example.org"), msg);
 * endpoint.connect(Factory.forProtocol(() -> s));
 * s.result().addCallback(sent -> ...);
 * }</pre>
 */
public final class ESMTPSender extends Protocol implements HandshakeListener {
  /** RFC 5321 4.5.3.1.5: a reply line is 512 octets; be generous with odd servers. */
  static final int MAX_REPLY_LINE = 4096;
  static final int MAX_REPLY_LINES = 100;

  private enum State { GREETING, EHLO, HELO, STARTTLS, HANDSHAKE, AUTH, AUTH_LOGIN_USER,
    AUTH_LOGIN_PASS, MAIL, RCPT, DATA, BODY, QUIT }

  private final ReactorTime clock;
  private final SenderOptions options;
  private final String from;
  private final List<String> to;
  private final byte[] message;
  private final Deferred<SentMail> result = new Deferred<>();
  private final CrlfLineSplitter lines = new CrlfLineSplitter(MAX_REPLY_LINE);
  private final List<String> reply = new ArrayList<>();
  private final Map<String, String> extensions = new HashMap<>();
  private final List<SentMail.Recipient> answers = new ArrayList<>();
  private State state = State.GREETING;
  private boolean done;
  private boolean authenticated;
  private boolean tlsRefused;
  private int nextRecipient;
  private DelayedCall timer;
  private String tlsHost;

  /**
   * A sender of {@code message} (RFC 5322 bytes; bare LFs are sent as CRLF) from {@code from}
   * ("" for the null reverse-path of a bounce) to {@code to}. Throws IllegalArgumentException for
   * an address that is not one (CR, LF or NUL among them), before anything is sent.
   */
  public ESMTPSender(ReactorTime clock, SenderOptions options, String from, List<String> to,
      byte[] message) {
    this.clock = clock;
    this.options = options;
    this.from = from.isEmpty() ? "" : MailAddress.parse(from).toString();
    if (to.isEmpty()) {
      throw new IllegalArgumentException("no recipients");
    }
    List<String> checked = new ArrayList<>();
    for (String r : to) {
      checked.add(MailAddress.parse(r).toString());
    }
    this.to = List.copyOf(checked);
    this.message = message.clone();
  }

  /** The name the server's certificate must carry when the options name no TLS client. */
  void setTlsHost(String host) {
    tlsHost = host;
  }

  /** Fires once with the outcome. */
  public Deferred<SentMail> result() {
    return result;
  }

  @Override
  public void connectionMade() {
    timer = clock.callLater(options.timeout, () -> {
      fail(new TimeoutError("no reply from the SMTP server in " + options.timeout + " s"));
      transport.abortConnection();
    });
  }

  @Override
  public void dataReceived(byte[] data) {
    if (timer != null && timer.active()) {
      timer.reset(options.timeout);
    }
    int off = 0;
    while (off < data.length && connected && !transport.isDisconnecting()) {
      off += lines.feed(data, off, data.length - off, this::lineReceived);
      if (state == State.HANDSHAKE) {
        lines.clear(); // RFC 3207 4: nothing that came in plaintext after 220 is a reply
        return;
      }
    }
  }

  /**
   * Reply lines: {@code CODE "-" text} continues, {@code CODE " " text} ends (RFC 5321 4.2).
   */
  private boolean lineReceived(byte[] raw, boolean tooLong) {
    String line = new String(raw, StandardCharsets.ISO_8859_1);
    if (tooLong || line.length() < 3 || !line.substring(0, 3).matches("[2-5][0-9][0-9]")
        || (line.length() > 3 && line.charAt(3) != ' ' && line.charAt(3) != '-')
        || reply.size() >= MAX_REPLY_LINES) {
      fail(new SMTPError(0, "not an SMTP reply: " + MailAddress.printable(line), answers));
      transport.loseConnection();
      return false;
    }
    reply.add(line.length() > 4 ? line.substring(4) : "");
    if (line.length() > 3 && line.charAt(3) == '-') {
      return true;
    }
    int code = Integer.parseInt(line.substring(0, 3));
    List<String> text = List.copyOf(reply);
    reply.clear();
    replyReceived(code, text);
    return state != State.HANDSHAKE;
  }

  private void replyReceived(int code, List<String> text) {
    switch (state) {
      case GREETING -> {
        if (code != 220) {
          refuse(code, text);
        } else {
          ehlo();
        }
      }
      case EHLO -> {
        if (code == 250) {
          extensions.clear();
          for (String ext : text.subList(1, text.size())) {
            String[] w = ext.split(" ", 2);
            extensions.put(w[0].toUpperCase(Locale.ROOT), w.length > 1 ? w[1] : "");
          }
          ready();
        } else if (code / 100 == 5 && options.tlsMode != SenderOptions.TLSMode.REQUIRED
            && options.username == null) {
          send("HELO " + options.heloName, State.HELO); // RFC 5321 3.2: an old server
        } else {
          refuse(code, text);
        }
      }
      case HELO -> {
        if (code == 250) {
          ready();
        } else {
          refuse(code, text);
        }
      }
      case STARTTLS -> {
        if (code == 220) {
          state = State.HANDSHAKE;
          TLSOptions tls = options.tls != null ? options.tls
              : TLSOptions.forClient(tlsHost != null ? tlsHost : hostOf(transport)).build();
          transport.startTLS(tls);
        } else if (options.tlsMode == SenderOptions.TLSMode.REQUIRED) {
          refuse(code, text);
        } else {
          tlsRefused = true;
          ready();
        }
      }
      case AUTH -> {
        if (code == 235) {
          authenticated = true;
          ready();
        } else {
          refuse(code, text);
        }
      }
      case AUTH_LOGIN_USER, AUTH_LOGIN_PASS -> {
        if (code != 334) {
          refuse(code, text);
        } else if (state == State.AUTH_LOGIN_USER) {
          send(b64(options.username), State.AUTH_LOGIN_PASS);
        } else {
          send(b64(options.password), State.AUTH);
        }
      }
      case MAIL -> {
        if (code == 250) {
          rcpt();
        } else {
          refuse(code, text);
        }
      }
      case RCPT -> {
        answers.add(new SentMail.Recipient(to.get(nextRecipient - 1), code, String.join("\n", text)));
        if (nextRecipient < to.size()) {
          rcpt();
        } else if (answers.stream().anyMatch(SentMail.Recipient::accepted)) {
          send("DATA", State.DATA);
        } else {
          fail(new SMTPError(code, "no recipient accepted", answers));
          quit();
        }
      }
      case DATA -> {
        if (code == 354) {
          state = State.BODY;
          transport.writeSequence(List.of(WireFormat.toWire(message, true, -1),
              ".\r\n".getBytes(StandardCharsets.ISO_8859_1)));
        } else {
          refuse(code, text);
        }
      }
      case BODY -> {
        if (code == 250) {
          succeed();
          quit();
        } else {
          refuse(code, text);
        }
      }
      case QUIT -> transport.loseConnection();
      case HANDSHAKE -> { }
    }
  }

  @Override
  public void handshakeCompleted() {
    if (state == State.HANDSHAKE) {
      ehlo(); // RFC 3207 4.2: forget what the server said before TLS and ask again
    }
  }

  /** After EHLO/HELO: TLS first if wanted, then AUTH if wanted, then the transaction. */
  private void ready() {
    boolean tls = transport instanceof TLSTransport;
    if (!tls && !tlsRefused && options.tlsMode != SenderOptions.TLSMode.NONE
        && extensions.containsKey("STARTTLS")) {
      send("STARTTLS", State.STARTTLS);
      return;
    }
    if (!tls && options.tlsMode == SenderOptions.TLSMode.REQUIRED) {
      fail(new SMTPError(0, "the server does not offer STARTTLS, and TLS is required", answers));
      quit();
      return;
    }
    if (options.username != null && !authenticated) {
      auth(tls);
      return;
    }
    StringBuilder mail = new StringBuilder("MAIL FROM:<").append(from).append('>');
    if (extensions.containsKey("SIZE")) {
      mail.append(" SIZE=").append(message.length); // RFC 1870 6: an estimate is fine
    }
    send(mail.toString(), State.MAIL);
  }

  private void auth(boolean tls) {
    if (!tls && !options.plaintextAuth) {
      fail(new SMTPError(0, "refusing to send a password without TLS", answers));
      quit();
      return;
    }
    List<String> mechs = List.of(extensions.getOrDefault("AUTH", "").toUpperCase(Locale.ROOT)
        .split(" +"));
    if (mechs.contains("PLAIN")) {
      // RFC 4616 2: authzid NUL authcid NUL password, in one initial response (RFC 4954 4).
      send("AUTH PLAIN " + b64("\0" + options.username + "\0" + options.password), State.AUTH);
    } else if (mechs.contains("LOGIN")) {
      send("AUTH LOGIN", State.AUTH_LOGIN_USER);
    } else {
      fail(new SMTPError(0, "the server offers no AUTH mechanism this client knows: "
          + extensions.getOrDefault("AUTH", "none"), answers));
      quit();
    }
  }

  private void ehlo() {
    send("EHLO " + options.heloName, State.EHLO);
  }

  private void rcpt() {
    String r = to.get(nextRecipient++);
    send("RCPT TO:<" + r + ">", State.RCPT);
  }

  private void quit() {
    send("QUIT", State.QUIT);
  }

  private void send(String line, State next) {
    state = next;
    if (connected && !transport.isDisconnecting()) {
      transport.write((line + "\r\n").getBytes(StandardCharsets.ISO_8859_1));
    }
  }

  private void refuse(int code, List<String> text) {
    fail(new SMTPError(code, String.join("\n", text), answers));
    quit();
  }

  private void succeed() {
    if (!done) {
      done = true;
      int ok = (int) answers.stream().filter(SentMail.Recipient::accepted).count();
      result.callback(new SentMail(ok, answers));
    }
  }

  private void fail(Throwable why) {
    if (!done) {
      done = true;
      result.errback(why);
    }
  }

  @Override
  public void connectionLost(Failure reason) {
    if (timer != null && timer.active()) {
      timer.cancel();
    }
    fail(reason != null ? reason.value() : new ConnectionLost("connection closed"));
  }

  private static String b64(String s) {
    return Base64.getEncoder().encodeToString(s.getBytes(StandardCharsets.UTF_8));
  }

  private static String hostOf(dev.torsion.internet.Transport t) {
    return t.getPeer() instanceof dev.torsion.internet.IPv4Address a ? a.host() : "localhost";
  }
}
