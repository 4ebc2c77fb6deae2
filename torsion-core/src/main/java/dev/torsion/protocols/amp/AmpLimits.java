package dev.torsion.protocols.amp;

/**
 * The bounds an {@link AMP} connection puts on what its peer sends: bytes and keys per box, and
 * commands the peer may have waiting for our answer at once. A peer that goes over is cut off.
 *
 * <pre>{@code
 * AMP amp = new AMP(new AmpLimits(4 << 20, 4096, 100));   // bigger boxes, fewer pipelined calls
 * }</pre>
 *
 * @param maxBoxBytes the most key and value bytes in one box (default 1 MiB)
 * @param maxKeysPerBox the most keys in one box (default 1024)
 * @param maxCommandsInFlight the most commands of the peer's we are still answering (default
 *     1000)
 */
public record AmpLimits(int maxBoxBytes, int maxKeysPerBox, int maxCommandsInFlight) {
  /** 1 MiB per box, 1024 keys, 1000 commands in flight. */
  public static final AmpLimits DEFAULT = new AmpLimits(1 << 20, 1024, 1000);

  public AmpLimits {
    if (maxBoxBytes < 1 || maxKeysPerBox < 1 || maxCommandsInFlight < 1) {
      throw new IllegalArgumentException("AMP limits must be positive");
    }
  }
}
