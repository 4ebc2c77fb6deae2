package dev.torsion.words.irc;

/**
 * Thrown by {@link IRCMessage#parse} for a line that is not an IRC message: the one error the
 * parser declares, so a server can drop the line (or answer it) and carry on.
 *
 * <pre>{@code
 * try {
 *   IRCMessage m = IRCMessage.parse(line);
 * } catch (IRCParseError e) {
 *   log.debug("ignored: {}", e.getMessage());
 * }
 * }</pre>
 */
public final class IRCParseError extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public IRCParseError(String message) {
    super(message);
  }
}
