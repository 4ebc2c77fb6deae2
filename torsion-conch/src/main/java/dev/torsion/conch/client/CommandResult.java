package dev.torsion.conch.client;

import java.nio.charset.StandardCharsets;

/**
 * What a remote command did: its output, and its exit status or the signal that ended it.
 *
 * <pre>{@code
 * ssh.exec("ls").addCallback(r -> r.exitStatus() == 0 ? r.stdoutText() : r.stderrText());
 * }</pre>
 */
public record CommandResult(byte[] stdout, byte[] stderr, Integer exitStatus, String exitSignal) {
  public String stdoutText() {
    return new String(stdout, StandardCharsets.UTF_8);
  }

  public String stderrText() {
    return new String(stderr, StandardCharsets.UTF_8);
  }
}
