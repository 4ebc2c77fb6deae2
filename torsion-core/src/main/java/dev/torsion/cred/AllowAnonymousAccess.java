package dev.torsion.cred;

import dev.torsion.internet.Deferred;
import java.util.Set;

/**
 * Accepts {@link Anonymous} credentials with the avatar id {@link Anonymous#AVATAR_ID}: Twisted's
 * {@code AllowAnonymousAccess}. Register it only on a portal whose realm gives anonymous users
 * what they should have (read-only FTP, say).
 *
 * <pre>{@code
 * Portal portal = new Portal(ftpRealm, users, new AllowAnonymousAccess());
 * }</pre>
 */
public final class AllowAnonymousAccess implements CredentialsChecker {
  @Override
  public Set<Class<? extends Credentials>> credentialInterfaces() {
    return Set.of(Anonymous.class);
  }

  @Override
  public Deferred<String> requestAvatarId(Credentials credentials) {
    return credentials instanceof Anonymous
        ? Deferred.succeed(Anonymous.AVATAR_ID)
        : Deferred.fail(new UnhandledCredentials("not anonymous: " + credentials));
  }
}
