package dev.torsion.conch.ssh;

/**
 * A client's "pty-req" (RFC 4254 6.2): terminal type, size and encoded terminal modes.
 *
 * <pre>{@code
 * if (pty != null) env.put("TERM", pty.term());
 * }</pre>
 */
public record PtyRequest(String term, int columns, int rows, int widthPixels, int heightPixels,
    byte[] modes) {}
