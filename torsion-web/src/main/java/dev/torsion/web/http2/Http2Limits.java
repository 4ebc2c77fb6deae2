package dev.torsion.web.http2;

/**
 * The limits an HTTP/2 server connection holds its client to (RFC 9113), with safe defaults:
 * what the HTTP/2 server connection is built with. Immutable; each {@code with}
 * method returns a copy.
 *
 * <pre>{@code
 * // fewer streams than the default 100
 * Http2Limits limits = Http2Limits.defaults().withMaxConcurrentStreams(50);
 * }</pre>
 *
 * <p>Defaults: 100 concurrent streams (SETTINGS_MAX_CONCURRENT_STREAMS), 64 KiB stream windows,
 * 16 KiB frames, a 4 KiB HPACK table, 64 KiB header blocks in at most 32 CONTINUATION frames,
 * 200 stream resets (by the client, or provoked from the server by bad frames: Rapid Reset,
 * CVE-2023-44487, and MadeYouReset) per 30 s, 2000 control frames per 10 s and 100 empty
 * frames per 10 s before the connection is ended with ENHANCE_YOUR_CALM, and 10 s for the
 * client to acknowledge our SETTINGS.
 */
public final class Http2Limits {
  private static final Http2Limits DEFAULTS =
      new Http2Limits(100, 65535, 16384, 4096, 64 * 1024, 32, 200, 30, 2000, 100, 10);

  private final int maxConcurrentStreams;
  private final int initialWindowSize;
  private final int maxFrameSize;
  private final int headerTableSize;
  private final int maxHeaderBlock;
  private final int maxContinuations;
  private final int maxResets;
  private final double resetWindowSeconds;
  private final int maxControlFrames;
  private final int maxEmptyFrames;
  private final double settingsTimeout;

  private Http2Limits(int maxConcurrentStreams, int initialWindowSize, int maxFrameSize,
      int headerTableSize, int maxHeaderBlock, int maxContinuations, int maxResets,
      double resetWindowSeconds, int maxControlFrames, int maxEmptyFrames,
      double settingsTimeout) {
    this.maxConcurrentStreams = maxConcurrentStreams;
    this.initialWindowSize = initialWindowSize;
    this.maxFrameSize = maxFrameSize;
    this.headerTableSize = headerTableSize;
    this.maxHeaderBlock = maxHeaderBlock;
    this.maxContinuations = maxContinuations;
    this.maxResets = maxResets;
    this.resetWindowSeconds = resetWindowSeconds;
    this.maxControlFrames = maxControlFrames;
    this.maxEmptyFrames = maxEmptyFrames;
    this.settingsTimeout = settingsTimeout;
  }

  /** The defaults listed above. */
  public static Http2Limits defaults() {
    return DEFAULTS;
  }

  public int maxConcurrentStreams() {
    return maxConcurrentStreams;
  }

  public int initialWindowSize() {
    return initialWindowSize;
  }

  public int maxFrameSize() {
    return maxFrameSize;
  }

  public int headerTableSize() {
    return headerTableSize;
  }

  public int maxHeaderBlock() {
    return maxHeaderBlock;
  }

  public int maxContinuations() {
    return maxContinuations;
  }

  public int maxResets() {
    return maxResets;
  }

  public double resetWindowSeconds() {
    return resetWindowSeconds;
  }

  public int maxControlFrames() {
    return maxControlFrames;
  }

  public int maxEmptyFrames() {
    return maxEmptyFrames;
  }

  public double settingsTimeout() {
    return settingsTimeout;
  }

  private static int positive(String what, int v) {
    if (v <= 0) {
      throw new IllegalArgumentException(what + " must be positive, not " + v);
    }
    return v;
  }

  public Http2Limits withMaxConcurrentStreams(int n) {
    return new Http2Limits(positive("maxConcurrentStreams", n), initialWindowSize, maxFrameSize,
        headerTableSize, maxHeaderBlock, maxContinuations, maxResets, resetWindowSeconds,
        maxControlFrames, maxEmptyFrames, settingsTimeout);
  }

  /** The stream receive window announced in SETTINGS_INITIAL_WINDOW_SIZE. */
  public Http2Limits withInitialWindowSize(int bytes) {
    return new Http2Limits(maxConcurrentStreams, positive("initialWindowSize", bytes),
        maxFrameSize, headerTableSize, maxHeaderBlock, maxContinuations, maxResets,
        resetWindowSeconds, maxControlFrames, maxEmptyFrames, settingsTimeout);
  }

  /** How many resets (either side's) per {@code seconds} a connection may cause. */
  public Http2Limits withMaxResets(int resets, double seconds) {
    return new Http2Limits(maxConcurrentStreams, initialWindowSize, maxFrameSize,
        headerTableSize, maxHeaderBlock, maxContinuations, positive("maxResets", resets), seconds,
        maxControlFrames, maxEmptyFrames, settingsTimeout);
  }

  public Http2Limits withMaxControlFrames(int frames) {
    return new Http2Limits(maxConcurrentStreams, initialWindowSize, maxFrameSize,
        headerTableSize, maxHeaderBlock, maxContinuations, maxResets, resetWindowSeconds,
        positive("maxControlFrames", frames), maxEmptyFrames, settingsTimeout);
  }

  public Http2Limits withSettingsTimeout(double seconds) {
    return new Http2Limits(maxConcurrentStreams, initialWindowSize, maxFrameSize,
        headerTableSize, maxHeaderBlock, maxContinuations, maxResets, resetWindowSeconds,
        maxControlFrames, maxEmptyFrames, seconds);
  }
}
