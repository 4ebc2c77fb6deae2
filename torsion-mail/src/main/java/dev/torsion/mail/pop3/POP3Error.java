package dev.torsion.mail.pop3;

/**
 * A POP3 server answered {@code -ERR}: Twisted's {@code pop3.ServerErrorResponse}. The message is
 * the server's text after "-ERR ", response code included ({@code [AUTH] ...}).
 *
 * <pre>{@code
 * client.login("alice", "wrong").addErrback(f -> {
 *   f.trap(POP3Error.class);   // "-ERR [AUTH] authentication failed"
 *   return null;
 * });
 * }</pre>
 */
public final class POP3Error extends Exception {
  private static final long serialVersionUID = 1L;

  public POP3Error(String serverText) {
    super(serverText);
  }
}
