package dev.torsion.cred;

/**
 * The credentials of a client that claims no identity (anonymous FTP, a public IRC server):
 * Twisted's {@code IAnonymous}. Only {@link AllowAnonymousAccess} accepts it, with the avatar id
 * {@link #AVATAR_ID}.
 *
 * <pre>{@code
 * portal.login(Anonymous.INSTANCE, null, FtpShell.class);
 * }</pre>
 */
public final class Anonymous implements Credentials {
  /** The one instance. */
  public static final Anonymous INSTANCE = new Anonymous();

  /**
   * The avatar id of an anonymous login: the empty string, which no checker accepts as a user's
   * name, so a realm tells an anonymous avatar from any user's. Twisted's {@code
   * checkers.ANONYMOUS}.
   */
  public static final String AVATAR_ID = "";

  private Anonymous() {}

  @Override
  public String toString() {
    return "Anonymous";
  }
}
