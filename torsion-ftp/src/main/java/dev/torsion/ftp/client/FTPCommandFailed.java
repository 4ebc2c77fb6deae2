package dev.torsion.ftp.client;

/**
 * The server answered a command with a 4xx or 5xx reply: Twisted's {@code CommandFailed}. The
 * Deferred of the command fails with it.
 *
 * <pre>{@code
 * client.cwd("/nope").addErrback(f -> {
 *   FTPCommandFailed e = (FTPCommandFailed) f.value();
 *   System.out.println(e.reply().code());        // 550
 *   return null;
 * });
 * }</pre>
 */
public final class FTPCommandFailed extends RuntimeException {
  private final FTPReply reply;

  public FTPCommandFailed(String command, FTPReply reply) {
    super(command + ": " + reply);
    this.reply = reply;
  }

  public FTPReply reply() {
    return reply;
  }
}
