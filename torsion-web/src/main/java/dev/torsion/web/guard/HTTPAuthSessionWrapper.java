package dev.torsion.web.guard;

import dev.torsion.cred.Credentials;
import dev.torsion.cred.LoginFailed;
import dev.torsion.cred.Portal;
import dev.torsion.cred.UsernameHashedPassword;
import dev.torsion.cred.UsernamePassword;
import dev.torsion.web.Http;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import java.util.List;
import java.util.Locale;

/**
 * Puts any resource tree behind HTTP authentication: each request's {@code Authorization} header
 * is turned into credentials by one of the {@link CredentialFactory schemes}, checked by the
 * {@link Portal}, and the avatar the realm returns (a {@link Resource}) renders the request.
 * Without valid credentials the answer is 401 with a {@code WWW-Authenticate} challenge for each
 * scheme. Twisted's {@code twisted.web.guard.HTTPAuthSessionWrapper}.
 *
 * <pre>{@code
 * Portal portal = new Portal(Realm.of(Resource.class, user -> siteRoot),
 *     PasswordFileChecker.open(Path.of("users.passwd"), reactor));
 * Resource guarded = new HTTPAuthSessionWrapper(portal, List.of(new BasicCredentialFactory("staff")));
 * reactor.listenTCP(8080, new Site(guarded, reactor));
 * }</pre>
 *
 * <p>A scheme whose credentials the portal cannot check is not offered: Digest needs a checker
 * that holds plaintext passwords. Logins go through {@link Portal#login} with the client's
 * address, so a portal with a {@link dev.torsion.cred.LoginLimiter} slows a guesser down.
 */
public final class HTTPAuthSessionWrapper extends Resource {
  private final Portal portal;
  private final List<CredentialFactory> schemes;

  public HTTPAuthSessionWrapper(Portal portal, List<? extends CredentialFactory> schemes) {
    this.portal = portal;
    this.schemes = List.copyOf(schemes);
    if (this.schemes.isEmpty()) {
      throw new IllegalArgumentException("no authentication schemes");
    }
  }

  /** Everything below is the avatar's to traverse, once the user is known. */
  @Override
  public boolean isLeaf() {
    return true;
  }

  @Override
  public byte[] render(Request request) {
    String header = request.getHeader("Authorization");
    if (header == null) {
      return unauthorized(request, false);
    }
    int space = header.indexOf(' ');
    String scheme = (space < 0 ? header : header.substring(0, space)).toLowerCase(Locale.ROOT);
    CredentialFactory factory = null;
    for (CredentialFactory f : offered()) {
      if (f.scheme().toLowerCase(Locale.ROOT).equals(scheme)) {
        factory = f;
        break;
      }
    }
    if (factory == null || space < 0) {
      return unauthorized(request, false);
    }
    Credentials credentials;
    try {
      credentials = factory.decode(header.substring(space + 1), request);
    } catch (CredentialFactory.StaleNonce e) {
      return unauthorized(request, true);
    } catch (LoginFailed e) {
      return unauthorized(request, false);
    }
    portal.login(credentials, request.getClientAddress(), null, Resource.class).addCallbacks(
        login -> {
          request.notifyFinish().addBoth(r -> {
            login.logout().run();
            return null;
          });
          Resource r = login.avatar();
          while (!request.getPostpath().isEmpty() && !r.isLeaf()) {
            String segment = request.getPostpath().remove(0);
            request.getPrepath().add(segment);
            r = r.getChildWithDefault(segment, request);
          }
          request.getSite().render(request, r);
          return null;
        },
        failure -> {
          if (failure.check(LoginFailed.class) != null) {
            request.writeAndFinish(unauthorized(request, false));
          } else {
            request.processingFailed(failure.value());
          }
          return null;
        });
    return Site.NOT_DONE_YET;
  }

  private List<CredentialFactory> offered() {
    boolean plain = portal.accepts(UsernamePassword.class);
    boolean hashed = portal.accepts(UsernameHashedPassword.class);
    return schemes.stream()
        .filter(f -> f instanceof DigestCredentialFactory ? hashed
            : f instanceof BasicCredentialFactory ? plain : true)
        .toList();
  }

  private byte[] unauthorized(Request request, boolean stale) {
    request.setResponseCode(Http.UNAUTHORIZED);
    for (CredentialFactory f : offered()) {
      request.getResponseHeaders().add("WWW-Authenticate", f.challenge(request, stale));
    }
    request.setHeader("Content-Type", "text/html; charset=utf-8");
    return UNAUTHORIZED_PAGE.clone();
  }

  /** For tests: the schemes offered now. */
  List<CredentialFactory> schemes() {
    return offered();
  }

  private static final byte[] UNAUTHORIZED_PAGE = ("<html><head><title>401 - Unauthorized</title>"
      + "</head><body><h1>Unauthorized</h1><p>This resource requires a login.</p></body></html>\n")
      .getBytes(java.nio.charset.StandardCharsets.UTF_8);
}
