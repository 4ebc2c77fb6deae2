package dev.torsion.web.guard;

import dev.torsion.cred.Credentials;
import dev.torsion.cred.LoginFailed;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.web.server.Request;
import java.nio.ByteBuffer;
import java.nio.charset.CharacterCodingException;
import java.nio.charset.CodingErrorAction;
import java.nio.charset.StandardCharsets;
import java.util.Base64;

/**
 * HTTP Basic authentication (RFC 7617): the user name and password, base64-encoded, in every
 * request. Twisted's {@code BasicCredentialFactory}. Send it only over TLS: anyone on the path
 * reads the password.
 *
 * <pre>{@code
 * new HTTPAuthSessionWrapper(portal, List.of(new BasicCredentialFactory("staff")));
 * }</pre>
 */
public final class BasicCredentialFactory implements CredentialFactory {
  /** The longest credentials accepted, decoded: past this the header is refused unread. */
  static final int MAX_CREDENTIALS = 4096;

  private final String realm;

  public BasicCredentialFactory(String realm) {
    this.realm = GuardText.checkRealm(realm);
  }

  @Override
  public String scheme() {
    return "Basic";
  }

  @Override
  public String challenge(Request request, boolean stale) {
    // RFC 7617 2.1: charset="UTF-8" tells the client how we decode user-id and password.
    return "Basic realm=\"" + realm + "\", charset=\"UTF-8\"";
  }

  @Override
  public Credentials decode(String response, Request request) throws LoginFailed {
    String token = response.strip();
    if (token.length() > MAX_CREDENTIALS * 4 / 3 + 4) {
      throw new LoginFailed("Basic credentials too long");
    }
    byte[] raw;
    try {
      raw = Base64.getDecoder().decode(token);
    } catch (IllegalArgumentException e) {
      throw new LoginFailed("Basic credentials are not base64");
    }
    String text;
    try {
      text = StandardCharsets.UTF_8.newDecoder()
          .onMalformedInput(CodingErrorAction.REPORT)
          .onUnmappableCharacter(CodingErrorAction.REPORT)
          .decode(ByteBuffer.wrap(raw)).toString();
    } catch (CharacterCodingException e) {
      throw new LoginFailed("Basic credentials are not UTF-8");
    }
    // RFC 7617 2: the user-id cannot contain a colon; the password may.
    int colon = text.indexOf(':');
    if (colon < 0) {
      throw new LoginFailed("Basic credentials have no colon");
    }
    if (GuardText.hasControl(text)) {
      throw new LoginFailed("Basic credentials hold control characters");
    }
    return new UsernamePassword(text.substring(0, colon), text.substring(colon + 1));
  }
}
