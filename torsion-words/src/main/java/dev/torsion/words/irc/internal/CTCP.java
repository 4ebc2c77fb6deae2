package dev.torsion.words.irc.internal;

/**
 * CTCP, the client-to-client protocol inside PRIVMSG and NOTICE text:
 * <pre>
 *   \x01 COMMAND [ SPACE argument ] \x01        ("\x01ACTION waves\x01" is "/me waves")
 * </pre>
 * The closing \x01 is optional on receipt, as clients send both.
 */
public final class CTCP {
  private CTCP() {}

  private static final char DELIM = '\u0001';

  public static boolean isCTCP(String text) {
    return text.length() >= 2 && text.charAt(0) == DELIM;
  }

  private static String body(String text) {
    int end = text.charAt(text.length() - 1) == DELIM ? text.length() - 1 : text.length();
    return text.substring(1, Math.max(1, end));
  }

  /** The command, upper-cased ("ACTION"). */
  public static String command(String text) {
    String b = body(text);
    int sp = b.indexOf(' ');
    return (sp < 0 ? b : b.substring(0, sp)).toUpperCase(java.util.Locale.ROOT);
  }

  /** The argument, or "" when there is none. */
  public static String argument(String text) {
    String b = body(text);
    int sp = b.indexOf(' ');
    return sp < 0 ? "" : b.substring(sp + 1);
  }

  /** {@code \x01COMMAND argument\x01}, with the delimiter taken out of the argument. */
  public static String quote(String command, String argument) {
    String arg = argument == null ? "" : argument.replace(String.valueOf(DELIM), "");
    return DELIM + command + (arg.isEmpty() ? "" : " " + arg) + DELIM;
  }
}
