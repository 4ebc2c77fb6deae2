package dev.torsion.mail.smtp;

import dev.torsion.cred.Credentials;
import dev.torsion.cred.CramMD5Credentials;
import dev.torsion.cred.LoginRateLimited;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.mail.MailAccount;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.Locale;

/**
 * The AUTH exchanges of RFC 4954 for {@link ESMTPServer}: PLAIN (RFC 4616), LOGIN (the
 * draft-murchison-sasl-login one clients use) and CRAM-MD5 (RFC 2195).
 *
 * <pre>
 *   C: AUTH PLAIN [initial]       S: 334            C: base64(authz NUL user NUL pass)
 *   C: AUTH LOGIN [user]          S: 334 VXNlcm5hbWU6  C: base64(user)  S: 334 UGFzc3dvcmQ6 ...
 *   C: AUTH CRAM-MD5              S: 334 base64(challenge)  C: base64(user SP hexdigest)
 *   C: "*" at any 334             S: 501 5.0.0 cancelled
 * </pre>
 */
final class SmtpAuth {
  private final ESMTPServer server;
  private String mechanism;
  private String loginUser;
  private String challenge;

  SmtpAuth(ESMTPServer server) {
    this.server = server;
  }

  String mechanisms() {
    boolean cram = server.options.portal.accepts(CramMD5Credentials.class);
    return "PLAIN LOGIN" + (cram ? " CRAM-MD5" : "");
  }

  void start(String arg) {
    int sp = arg.indexOf(' ');
    String mech = (sp < 0 ? arg : arg.substring(0, sp)).toUpperCase(Locale.ROOT);
    String initial = sp < 0 ? null : arg.substring(sp + 1);
    mechanism = mech;
    loginUser = null;
    switch (mech) {
      case "PLAIN" -> {
        if (initial == null) {
          ask("");
        } else {
          response(initial);
        }
      }
      case "LOGIN" -> {
        if (initial == null) {
          ask("Username:");
        } else {
          response(initial);
        }
      }
      case "CRAM-MD5" -> {
        if (!server.options.portal.accepts(CramMD5Credentials.class) || initial != null) {
          server.error("504 5.5.4 Unrecognized authentication type");
          return;
        }
        challenge = CramMD5Credentials.newChallenge(server.options.hostname);
        ask(challenge);
      }
      default -> server.error("504 5.5.4 Unrecognized authentication type");
    }
  }

  private void ask(String text) {
    server.setState(true);
    server.reply("334 " + Base64.getEncoder().encodeToString(text.getBytes(StandardCharsets.UTF_8)));
  }

  void lineReceived(byte[] line, boolean tooLong) {
    server.setState(false);
    if (tooLong) {
      server.error("500 5.5.6 Authentication exchange line is too long");
      return;
    }
    response(new String(line, StandardCharsets.ISO_8859_1));
  }

  private void response(String text) {
    server.setState(false);
    if (text.equals("*")) {
      server.error("501 5.0.0 Authentication cancelled");
      return;
    }
    String decoded;
    try {
      decoded = text.equals("=") ? "" : new String(Base64.getDecoder().decode(text),
          StandardCharsets.UTF_8);
    } catch (IllegalArgumentException e) {
      server.error("501 5.5.2 Cannot decode the response");
      return;
    }
    switch (mechanism) {
      case "PLAIN" -> {
        String[] parts = decoded.split("\u0000", -1);
        if (parts.length != 3 || parts[1].isEmpty()) {
          server.error("501 5.5.2 Bad PLAIN response");
          return;
        }
        if (!parts[0].isEmpty() && !parts[0].equals(parts[1])) {
          server.error("535 5.7.8 Authentication credentials invalid"); // no proxy logins
          return;
        }
        login(new UsernamePassword(server.options.loginName.apply(parts[1]), parts[2]));
      }
      case "LOGIN" -> {
        if (loginUser == null) {
          loginUser = decoded;
          ask("Password:");
        } else {
          login(new UsernamePassword(server.options.loginName.apply(loginUser), decoded));
        }
      }
      default -> { // CRAM-MD5
        CramMD5Credentials c;
        try {
          c = CramMD5Credentials.fromResponse(challenge, decoded);
        } catch (IllegalArgumentException e) {
          server.error("501 5.5.2 Bad CRAM-MD5 response");
          return;
        }
        login(new CramMD5Credentials(challenge, server.options.loginName.apply(c.username()),
            decoded.substring(decoded.lastIndexOf(' ') + 1)));
      }
    }
  }

  private void login(Credentials creds) {
    server.waitForAnswer();
    server.options.portal.login(creds, server.getTransport().getPeer(), null, MailAccount.class)
        .addCallbacks(login -> {
          server.authenticatedUser = login.avatarId();
          server.reply("235 2.7.0 Authentication successful");
          server.resume();
          return null;
        }, failure -> {
          if (failure.value() instanceof LoginRateLimited) {
            server.reply("454 4.7.0 Temporary authentication failure, try again later");
          } else {
            server.error("535 5.7.8 Authentication credentials invalid");
          }
          server.resume();
          return null;
        });
  }
}
