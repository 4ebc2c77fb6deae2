package dev.torsion.words.irc.internal;

import static dev.torsion.words.irc.internal.Numeric.*;

import dev.torsion.cred.UsernamePassword;
import dev.torsion.words.irc.IRCMessage;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.List;

/**
 * IRCv3 capability negotiation (CAP LS, LIST, REQ, END) and SASL PLAIN (AUTHENTICATE).
 *
 * <pre>
 *   C: CAP LS 302            S: CAP * LS :multi-prefix sasl=PLAIN     (registration now waits)
 *   C: CAP REQ :sasl         S: CAP * ACK :sasl
 *   C: AUTHENTICATE PLAIN    S: AUTHENTICATE +
 *   C: AUTHENTICATE base64("authzid\0authcid\0password"), in 400-byte pieces, "+" if empty
 *                            S: 900 ... :You are now logged in as authcid
 *                            S: 903 :SASL authentication successful
 *   C: CAP END               (registration goes on)
 * </pre>
 */
final class Capabilities {
  private Capabilities() {}

  /** The state of one client's SASL exchange. */
  static final class Sasl {
    private boolean plain;
    private final StringBuilder payload = new StringBuilder();

    boolean inProgress() {
      return plain;
    }

    void reset() {
      plain = false;
      payload.setLength(0);
    }
  }

  /** SASL payloads longer than this (base64) are refused with 905. */
  static final int MAX_SASL = 1600;

  private static List<String> offered(ServerConnection c, boolean v302) {
    List<String> caps = new ArrayList<>(List.of("multi-prefix"));
    if (c.net.portal != null) {
      caps.add(v302 ? "sasl=PLAIN" : "sasl");
    }
    return caps;
  }

  static void cap(ServerConnection c, IRCMessage m) {
    String sub = m.param(0).toUpperCase(java.util.Locale.ROOT);
    switch (sub) {
      case "LS" -> {
        if (!c.registered) {
          c.capNegotiating = true;
        }
        boolean v302 = m.params().size() > 1 && m.param(1).compareTo("302") >= 0;
        reply(c, "LS", String.join(" ", offered(c, v302)));
      }
      case "LIST" -> reply(c, "LIST", String.join(" ", c.caps));
      case "REQ" -> {
        if (!c.registered) {
          c.capNegotiating = true;
        }
        String wanted = m.param(1).trim();
        List<String> known = offered(c, false);
        List<String> names = List.of(wanted.split(" +"));
        boolean ok = !wanted.isEmpty();
        for (String n : names) {
          ok &= known.contains(n.startsWith("-") ? n.substring(1) : n);
        }
        if (!ok) {
          reply(c, "NAK", wanted);
          return;
        }
        for (String n : names) {
          if (n.startsWith("-")) {
            c.caps.remove(n.substring(1));
          } else {
            c.caps.add(n);
          }
        }
        reply(c, "ACK", wanted);
      }
      case "END" -> {
        c.capNegotiating = false;
        c.maybeRegister();
      }
      default -> c.numeric(ERR_INVALIDCAPCMD, sub.isEmpty() ? "*" : sub, "Invalid CAP command");
    }
  }

  private static void reply(ServerConnection c, String sub, String caps) {
    c.sendRaw(ServerConnection.line(c.o.serverName(), "CAP", c.nickOrStar(), sub, caps));
  }

  static void authenticate(ServerConnection c, IRCMessage m) {
    Sasl s = c.sasl;
    if (c.net.portal == null || !c.caps.contains("sasl")) {
      c.numeric(ERR_SASLFAIL, "SASL authentication failed");
      return;
    }
    if (c.account != null || c.registered) {
      c.numeric(ERR_SASLALREADY, "You have already authenticated using SASL");
      return;
    }
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      c.needMoreParams("AUTHENTICATE");
      return;
    }
    String arg = m.param(0);
    if (arg.equals("*")) {
      s.reset();
      c.numeric(ERR_SASLABORTED, "SASL authentication aborted");
      c.maybeRegister();
      return;
    }
    if (c.loginPending) {
      return; // a login is being checked; pieces sent meanwhile are ignored
    }
    if (!s.plain) {
      if (!arg.equalsIgnoreCase("PLAIN")) {
        c.numeric(RPL_SASLMECHS, "PLAIN", "are available SASL mechanisms");
        c.numeric(ERR_SASLFAIL, "SASL authentication failed");
        return;
      }
      s.plain = true;
      c.sendRaw("AUTHENTICATE +");
      return;
    }
    if (!arg.equals("+")) {
      if (s.payload.length() + arg.length() > MAX_SASL || arg.length() > 400) {
        s.reset();
        c.numeric(ERR_SASLTOOLONG, "SASL message too long");
        return;
      }
      s.payload.append(arg);
      if (arg.length() == 400) {
        return; // more follows (a payload of exactly 400n bytes ends with "+")
      }
    }
    String b64 = s.payload.toString();
    s.reset();
    String[] parts;
    try {
      parts = new String(Base64.getDecoder().decode(b64), StandardCharsets.UTF_8).split("\0", -1);
    } catch (IllegalArgumentException e) {
      parts = new String[0];
    }
    // RFC 4616 2: message = [authzid] NUL authcid NUL passwd; we act for authcid only.
    if (parts.length != 3 || parts[1].isEmpty()
        || !(parts[0].isEmpty() || parts[0].equals(parts[1]))) {
      c.numeric(ERR_SASLFAIL, "SASL authentication failed");
      return;
    }
    c.loginPending = true;
    c.net.portal.login(new UsernamePassword(parts[1], parts[2]), c.getTransport().getPeer(), c,
            ServerConnection.Account.class)
        .addCallbacks(login -> {
          c.loginPending = false;
          if (c.isClosing()) {
            return null;
          }
          c.account = login.avatarId();
          c.numeric(RPL_LOGGEDIN, c.nickOrStar() + "!" + (c.user == null ? "*" : c.user) + "@"
              + c.host, c.account, "You are now logged in as " + c.account);
          c.numeric(RPL_SASLSUCCESS, "SASL authentication successful");
          c.maybeRegister();
          return null;
        }, failure -> {
          c.loginPending = false;
          if (!c.isClosing()) {
            c.numeric(ERR_SASLFAIL, "SASL authentication failed");
          }
          return null;
        });
  }
}
