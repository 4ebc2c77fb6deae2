package dev.torsion.protocols.finger;

import java.nio.charset.StandardCharsets;

/**
 * One parsed finger query line (RFC 1288 section 2.3): a user or the empty "list everyone"
 * query, the verbose {@code /W} switch, and the forwarding host chain ({@code user@host}), which
 * a server should refuse.
 *
 * <pre>{@code
 * FingerQuery q = FingerQuery.parse("/W alice");   // verbose, user "alice", no forwarding
 * }</pre>
 *
 * <pre>
 * {Q1} ::= [{W}|{W}{S}{U}]{C}        {W} ::= "/W"   {S} ::= " "+   {C} ::= CRLF
 * {Q2} ::= [{W}{S}][{U}]{H}{C}       {H} ::= "@" hostname | "@" hostname {H}
 * </pre>
 *
 * @param user the user asked for, empty for the list of users
 * @param verbose whether {@code /W} was given
 * @param forwardTo the host chain after the first {@code @}, or null when not forwarding
 */
public record FingerQuery(String user, boolean verbose, String forwardTo) {
  /** Parses a query line (without its CRLF); never fails, as any text is some query. */
  public static FingerQuery parse(String line) {
    String s = line.strip();
    boolean verbose = false;
    if (s.length() >= 2 && s.charAt(0) == '/' && (s.charAt(1) == 'W' || s.charAt(1) == 'w')) {
      verbose = true;
      s = s.substring(2).strip();
    }
    int at = s.indexOf('@');
    if (at >= 0) {
      return new FingerQuery(s.substring(0, at), verbose, s.substring(at + 1));
    }
    return new FingerQuery(s, verbose, null);
  }

  /** Parses the bytes of a line as ASCII-compatible text (UTF-8; bad bytes replaced). */
  public static FingerQuery parse(byte[] line) {
    return parse(new String(line, StandardCharsets.UTF_8));
  }
}
