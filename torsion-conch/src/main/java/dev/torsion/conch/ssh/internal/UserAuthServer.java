package dev.torsion.conch.ssh.internal;

import dev.torsion.conch.ssh.ConchUser;
import dev.torsion.conch.ssh.SSHServerFactory;
import dev.torsion.conch.ssh.SSHServerTransport;
import dev.torsion.cred.Login;
import dev.torsion.cred.LoginFailed;
import dev.torsion.cred.SSHPrivateKey;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Log;
import java.util.ArrayList;
import java.util.List;

/**
 * The ssh-userauth service (RFC 4252), server side: "none", "password", "publickey" and
 * "keyboard-interactive" (RFC 4256, one "Password: " prompt checked as a password), each
 * through the factory's Portal. One request is handled at a time (input is paused while a
 * checker works); after {@code maxAuthAttempts} failures the client is disconnected.
 *
 * <pre>
 *   USERAUTH_REQUEST --none/unknown method--> FAILURE (not counted)
 *                    --password/publickey---> checker --> SUCCESS | FAILURE (counted)
 *                    --keyboard-interactive-> INFO_REQUEST --INFO_RESPONSE--> checker ...
 *   (a new USERAUTH_REQUEST while an INFO_REQUEST is outstanding abandons it, RFC 4256 3.2)
 * </pre>
 */
public final class UserAuthServer implements ServiceLayer {
  private static final org.slf4j.Logger LOG = org.slf4j.LoggerFactory.getLogger(UserAuthServer.class);

  private final SSHServerTransport transport;
  private final SSHServerFactory factory;
  private int failures;
  private boolean done;
  /** The user a keyboard-interactive INFO_REQUEST was sent for, until its response. */
  private String interactiveUser;

  public UserAuthServer(SSHServerTransport transport, SSHServerFactory factory) {
    this.transport = transport;
    this.factory = factory;
  }

  @Override
  public boolean accepts(int type) {
    return !done && (type == Messages.USERAUTH_REQUEST
        || (type == Messages.USERAUTH_INFO_RESPONSE && interactiveUser != null));
  }

  private List<String> methods() {
    List<String> m = new ArrayList<>();
    if (factory.portal().accepts(SSHPrivateKey.class)) {
      m.add("publickey");
    }
    if (factory.portal().accepts(UsernamePassword.class)) {
      m.add("password");
      m.add("keyboard-interactive");
    }
    return m;
  }

  /*
   * RFC 4252 5: byte 50, string user, string service, string method, method fields:
   *   password:  boolean FALSE, string password
   *   publickey: boolean has_signature, string algorithm, string blob [, string signature]
   */
  @Override
  public void handle(int type, SSHReader r) {
    if (type == Messages.USERAUTH_INFO_RESPONSE) {
      infoResponse(r);
      return;
    }
    interactiveUser = null;
    String user = r.readUtf8();
    String service = r.readUtf8();
    String method = r.readUtf8();
    if (!service.equals("ssh-connection")) {
      throw new SSHProtocolError(SSHProtocolError.SERVICE_NOT_AVAILABLE, "no service " + service);
    }
    switch (method) {
      case "password" -> {
        if (r.readBoolean()) {
          fail(false); // password change: not supported
          return;
        }
        login(new UsernamePassword(user, r.readUtf8()), false);
      }
      case "publickey" -> {
        boolean signed = r.readBoolean();
        String algorithm = r.readUtf8();
        byte[] blob = r.readString();
        if (!signed) {
          query(new SSHPrivateKey(user, algorithm, blob, null, null), algorithm, blob);
          return;
        }
        byte[] signature = r.readString();
        // RFC 4252 7: what the client signed.
        byte[] signedData = new SSHWriter(256).writeString(transport.sessionId())
            .writeByte(Messages.USERAUTH_REQUEST).writeString(user).writeString(service)
            .writeString("publickey").writeBoolean(true).writeString(algorithm)
            .writeString(blob).toByteArray();
        login(new SSHPrivateKey(user, algorithm, blob, signedData, signature), true);
      }
      case "keyboard-interactive" -> {
        if (!factory.portal().accepts(UsernamePassword.class)) {
          sendFailure();
          return;
        }
        // RFC 4256 3.1: string language tag, string submethods (both ignored).
        r.readString();
        r.readString();
        interactiveUser = user;
        // RFC 4256 3.2: string name, string instruction, string language, int num-prompts,
        // then per prompt: string prompt, boolean echo.
        transport.sendPacket(new SSHWriter().writeByte(Messages.USERAUTH_INFO_REQUEST)
            .writeString("").writeString("").writeString("").writeUint32(1)
            .writeString("Password: ").writeBoolean(false).toByteArray());
      }
      default -> sendFailure(); // "none" and methods we do not offer; not counted
    }
  }

  /** RFC 4256 3.4: int num-responses, string response...; we asked for exactly one. */
  private void infoResponse(SSHReader r) {
    String user = interactiveUser;
    interactiveUser = null;
    long n = r.readUint32();
    if (n != 1) {
      fail(true);
      return;
    }
    login(new UsernamePassword(user, r.readUtf8()), false);
  }

  private void sendFailure() {
    transport.sendPacket(new SSHWriter().writeByte(Messages.USERAUTH_FAILURE)
        .writeNameList(methods()).writeBoolean(false).toByteArray());
  }

  private void fail(boolean counted) {
    if (counted && ++failures >= factory.maxAuthAttempts()) {
      transport.disconnect(SSHProtocolError.NO_MORE_AUTH_METHODS_AVAILABLE,
          "too many authentication failures");
      return;
    }
    sendFailure();
  }

  /** A publickey request without signature: PK_OK if the key would do (RFC 4252 7). */
  private void query(SSHPrivateKey key, String algorithm, byte[] blob) {
    transport.pauseInput();
    Deferred<Login<ConchUser>> d = factory.portal()
        .login(key, transport.transport().getPeer(), null, ConchUser.class);
    d.addCallbacks(login -> {
      login.logout().run();
      transport.sendPacket(new SSHWriter().writeByte(Messages.USERAUTH_PK_OK)
          .writeString(algorithm).writeString(blob).toByteArray());
      transport.resumeInput();
      return null;
    }, failure -> {
      sendFailure();
      transport.resumeInput();
      return null;
    });
  }

  private void login(dev.torsion.cred.Credentials credentials, boolean isKey) {
    transport.pauseInput();
    factory.portal().login(credentials, transport.transport().getPeer(), null, ConchUser.class)
        .addCallbacks(login -> {
          done = true;
          LOG.info("SSH: " + login.avatarId() + " logged in from "
              + transport.transport().getPeer() + (isKey ? " with a key" : " with a password"));
          transport.sendPacket(new byte[] {Messages.USERAUTH_SUCCESS});
          transport.authenticated(login.avatar(), login.logout());
          transport.resumeInput();
          return null;
        }, failure -> {
          if (!(failure.value() instanceof LoginFailed)
              && !(failure.value() instanceof dev.torsion.cred.UnhandledCredentials)) {
            Log.err(failure.value(), "SSH: checker failed");
          }
          fail(true);
          transport.resumeInput();
          return null;
        });
  }
}
