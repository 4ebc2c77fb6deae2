package dev.torsion.web.websocket;

import java.util.List;
import java.util.Set;

/**
 * The limits and choices of a WebSocket endpoint, server or client: immutable, made with a
 * builder. The defaults bound what one peer can make us hold.
 *
 * <pre>{@code
 * WebSocketOptions options = WebSocketOptions.builder()
 *     .maxMessageSize(1 << 20)
 *     .allowedOrigins(Set.of("https://chat.example.com"))
 *     .subprotocols(List.of("chat.v2", "chat.v1"))
 *     .build();
 * }</pre>
 *
 * <ul>
 *   <li>{@code maxFrameSize}, default 16 MiB: a frame whose header declares more is refused with
 *       1009 before any of it is kept;
 *   <li>{@code maxMessageSize}, default 16 MiB: a message (all its fragments, after inflating)
 *       past it fails with 1009;
 *   <li>{@code outgoingFragmentSize}, default 0 (never): messages longer than it are sent as
 *       several frames;
 *   <li>{@code closeTimeout}, default 10 s: how long to wait for the peer's close frame (or, on a
 *       client, for the server to close TCP) before dropping the connection;
 *   <li>{@code perMessageDeflate}, default on: accept (server) or offer (client) RFC 7692;
 *       {@code requireClientNoContextTakeover} asks clients to reset their compressor after each
 *       message;
 *   <li>{@code allowedOrigins} (server), default empty = any: a handshake whose Origin is not
 *       listed is refused with 403; a handshake without Origin (not from a browser) is allowed;
 *   <li>{@code subprotocols}: the server's in order of preference, the first one the client also
 *       offers is chosen; the client's, offered in this order.
 *   <li>{@code origin} (client), default none: the Origin header sent, for servers that check it
 *       as they would a browser's;
 *   <li>{@code handshakeTimeout} (client), default 30 s: from the TCP (and TLS) connection to the
 *       server's 101, after which the attempt fails with a TimeoutError;
 *   <li>{@code maxHandshakeResponseBytes} (client), default 16 KiB: the most header bytes the
 *       server's handshake response may have before the attempt fails.
 * </ul>
 */
public final class WebSocketOptions {
  private final long maxFrameSize;
  private final long maxMessageSize;
  private final int outgoingFragmentSize;
  private final double closeTimeout;
  private final boolean perMessageDeflate;
  private final boolean requireClientNoContextTakeover;
  private final Set<String> allowedOrigins;
  private final List<String> subprotocols;
  private final String origin;
  private final double handshakeTimeout;
  private final int maxHandshakeResponseBytes;

  private WebSocketOptions(Builder b) {
    this.maxFrameSize = b.maxFrameSize;
    this.maxMessageSize = b.maxMessageSize;
    this.outgoingFragmentSize = b.outgoingFragmentSize;
    this.closeTimeout = b.closeTimeout;
    this.perMessageDeflate = b.perMessageDeflate;
    this.requireClientNoContextTakeover = b.requireClientNoContextTakeover;
    this.allowedOrigins = Set.copyOf(b.allowedOrigins);
    this.subprotocols = List.copyOf(b.subprotocols);
    this.origin = b.origin;
    this.handshakeTimeout = b.handshakeTimeout;
    this.maxHandshakeResponseBytes = b.maxHandshakeResponseBytes;
  }

  /** The defaults. */
  public static WebSocketOptions defaults() {
    return builder().build();
  }

  public static Builder builder() {
    return new Builder();
  }

  public long maxFrameSize() {
    return maxFrameSize;
  }

  public long maxMessageSize() {
    return maxMessageSize;
  }

  public int outgoingFragmentSize() {
    return outgoingFragmentSize;
  }

  public double closeTimeout() {
    return closeTimeout;
  }

  public boolean perMessageDeflate() {
    return perMessageDeflate;
  }

  public boolean requireClientNoContextTakeover() {
    return requireClientNoContextTakeover;
  }

  public Set<String> allowedOrigins() {
    return allowedOrigins;
  }

  public List<String> subprotocols() {
    return subprotocols;
  }

  /** The Origin a client sends, or null. */
  public String origin() {
    return origin;
  }

  public double handshakeTimeout() {
    return handshakeTimeout;
  }

  public int maxHandshakeResponseBytes() {
    return maxHandshakeResponseBytes;
  }

  /** Builds {@link WebSocketOptions}. */
  public static final class Builder {
    private long maxFrameSize = 16L << 20;
    private long maxMessageSize = 16L << 20;
    private int outgoingFragmentSize;
    private double closeTimeout = 10;
    private boolean perMessageDeflate = true;
    private boolean requireClientNoContextTakeover;
    private Set<String> allowedOrigins = Set.of();
    private List<String> subprotocols = List.of();
    private String origin;
    private double handshakeTimeout = 30;
    private int maxHandshakeResponseBytes = 16 * 1024;

    private Builder() {}

    public Builder maxFrameSize(long bytes) {
      this.maxFrameSize = positive(bytes, "maxFrameSize");
      return this;
    }

    public Builder maxMessageSize(long bytes) {
      this.maxMessageSize = positive(bytes, "maxMessageSize");
      return this;
    }

    /** 0 sends every message as one frame. */
    public Builder outgoingFragmentSize(int bytes) {
      if (bytes < 0) {
        throw new IllegalArgumentException("negative outgoingFragmentSize: " + bytes);
      }
      this.outgoingFragmentSize = bytes;
      return this;
    }

    public Builder closeTimeout(double seconds) {
      if (!(seconds > 0)) {
        throw new IllegalArgumentException("closeTimeout must be positive: " + seconds);
      }
      this.closeTimeout = seconds;
      return this;
    }

    public Builder perMessageDeflate(boolean enabled) {
      this.perMessageDeflate = enabled;
      return this;
    }

    public Builder requireClientNoContextTakeover(boolean require) {
      this.requireClientNoContextTakeover = require;
      return this;
    }

    /** Origins such as "https://example.com" (scheme, host, port if not the default). */
    public Builder allowedOrigins(Set<String> origins) {
      this.allowedOrigins = origins;
      return this;
    }

    public Builder subprotocols(List<String> protocols) {
      this.subprotocols = protocols;
      return this;
    }

    /** Such as "https://chat.example.com"; null sends none. */
    public Builder origin(String origin) {
      if (origin != null) {
        dev.torsion.web.Headers.checkField("Origin", origin);
      }
      this.origin = origin;
      return this;
    }

    public Builder handshakeTimeout(double seconds) {
      if (!(seconds > 0)) {
        throw new IllegalArgumentException("handshakeTimeout must be positive: " + seconds);
      }
      this.handshakeTimeout = seconds;
      return this;
    }

    public Builder maxHandshakeResponseBytes(int bytes) {
      this.maxHandshakeResponseBytes = (int) positive(bytes, "maxHandshakeResponseBytes");
      return this;
    }

    public WebSocketOptions build() {
      return new WebSocketOptions(this);
    }

    private static long positive(long n, String what) {
      if (n < 1) {
        throw new IllegalArgumentException(what + " must be positive: " + n);
      }
      return n;
    }
  }
}
