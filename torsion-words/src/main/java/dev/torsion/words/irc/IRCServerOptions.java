package dev.torsion.words.irc;

import dev.torsion.cred.CredentialsChecker;
import java.util.List;
import java.util.Objects;

/**
 * The settings of an {@link IRCServerFactory}: its name, message of the day, who may log in, and
 * the limits every server needs. Immutable; build one with {@link #builder}. Every limit has a safe
 * default, so {@code IRCServerOptions.builder("irc.example.com").build()} is ready to serve.
 *
 * <pre>{@code
 * IRCServerOptions options = IRCServerOptions.builder("irc.example.com")
 *     .motd(List.of("Be nice."))
 *     .users(new InMemoryUsers().addUser("alice", "secret"))   // omit: anyone takes a free nick
 *     .maxChannelsPerUser(10)
 *     .build();
 * }</pre>
 */
public final class IRCServerOptions {
  private final Builder b;

  private IRCServerOptions(Builder b) {
    this.b = b;
  }

  /** A builder for a server announcing itself as {@code serverName}. */
  public static Builder builder(String serverName) {
    return new Builder(serverName);
  }

  public String serverName() {
    return b.serverName;
  }

  public String networkName() {
    return b.networkName;
  }

  /** The lines of the message of the day, or null for none (422 ERR_NOMOTD). */
  public List<String> motd() {
    return b.motd;
  }

  /** Who may log in (PASS or SASL PLAIN), or null when anyone may take a free nick. */
  public CredentialsChecker users() {
    return b.users;
  }

  public int maxNickLength() {
    return b.maxNickLength;
  }

  public int maxChannelLength() {
    return b.maxChannelLength;
  }

  public int maxTopicLength() {
    return b.maxTopicLength;
  }

  public int maxChannelsPerUser() {
    return b.maxChannelsPerUser;
  }

  /** Most targets in one PRIVMSG, NOTICE, JOIN, KICK or WHOIS. */
  public int maxTargets() {
    return b.maxTargets;
  }

  public int maxClients() {
    return b.maxClients;
  }

  /** Seconds a connection has to finish NICK/USER (and CAP, PASS, SASL). */
  public double registrationTimeout() {
    return b.registrationTimeout;
  }

  /** Seconds of silence after which the server sends PING. */
  public double pingInterval() {
    return b.pingInterval;
  }

  /** Seconds after that PING with no line at all before the client is dropped. */
  public double pingTimeout() {
    return b.pingTimeout;
  }

  /** Seconds of penalty each message costs (RFC 1459 8.10's "2 seconds"). */
  public double floodPenalty() {
    return b.floodPenalty;
  }

  /** Seconds of penalty a client may run ahead of the clock before its lines are queued. */
  public double floodBurst() {
    return b.floodBurst;
  }

  /** Lines a flooding client may have queued before it is dropped with "Excess Flood". */
  public int floodQueue() {
    return b.floodQueue;
  }

  /** Builds {@link IRCServerOptions}. */
  public static final class Builder {
    private final String serverName;
    private String networkName = "Torsion";
    private List<String> motd;
    private CredentialsChecker users;
    private int maxNickLength = 30;
    private int maxChannelLength = 50;
    private int maxTopicLength = 390;
    private int maxChannelsPerUser = 20;
    private int maxTargets = 4;
    private int maxClients = 1000;
    private double registrationTimeout = 60;
    private double pingInterval = 120;
    private double pingTimeout = 60;
    private double floodPenalty = 2;
    private double floodBurst = 10;
    private int floodQueue = 64;

    private Builder(String serverName) {
      if (serverName == null || serverName.isEmpty() || serverName.contains(" ")
          || !serverName.contains(".")) {
        throw new IllegalArgumentException(
            "an IRC server name has a dot and no space, like irc.example.com: '" + serverName + "'");
      }
      this.serverName = serverName;
    }

    public Builder networkName(String name) {
      if (name.isEmpty() || name.contains(" ")) {
        throw new IllegalArgumentException("network name must be one word: '" + name + "'");
      }
      this.networkName = name;
      return this;
    }

    public Builder motd(List<String> lines) {
      this.motd = lines == null ? null : List.copyOf(lines);
      return this;
    }

    public Builder users(CredentialsChecker users) {
      this.users = users;
      return this;
    }

    public Builder maxNickLength(int n) {
      this.maxNickLength = positive(n, "maxNickLength");
      return this;
    }

    public Builder maxChannelLength(int n) {
      this.maxChannelLength = positive(n, "maxChannelLength");
      return this;
    }

    public Builder maxTopicLength(int n) {
      this.maxTopicLength = positive(n, "maxTopicLength");
      return this;
    }

    public Builder maxChannelsPerUser(int n) {
      this.maxChannelsPerUser = positive(n, "maxChannelsPerUser");
      return this;
    }

    public Builder maxTargets(int n) {
      this.maxTargets = positive(n, "maxTargets");
      return this;
    }

    public Builder maxClients(int n) {
      this.maxClients = positive(n, "maxClients");
      return this;
    }

    public Builder registrationTimeout(double seconds) {
      this.registrationTimeout = positive(seconds, "registrationTimeout");
      return this;
    }

    public Builder pingInterval(double seconds) {
      this.pingInterval = positive(seconds, "pingInterval");
      return this;
    }

    public Builder pingTimeout(double seconds) {
      this.pingTimeout = positive(seconds, "pingTimeout");
      return this;
    }

    /** Penalty seconds per message and the burst allowed ahead of the clock; 0 turns it off. */
    public Builder flood(double penaltySeconds, double burstSeconds, int queuedLines) {
      if (penaltySeconds < 0 || burstSeconds < 0 || queuedLines < 0) {
        throw new IllegalArgumentException("flood settings must not be negative");
      }
      this.floodPenalty = penaltySeconds;
      this.floodBurst = burstSeconds;
      this.floodQueue = queuedLines;
      return this;
    }

    public IRCServerOptions build() {
      Objects.requireNonNull(serverName);
      return new IRCServerOptions(copy());
    }

    private Builder copy() {
      Builder c = new Builder(serverName);
      c.networkName = networkName;
      c.motd = motd;
      c.users = users;
      c.maxNickLength = maxNickLength;
      c.maxChannelLength = maxChannelLength;
      c.maxTopicLength = maxTopicLength;
      c.maxChannelsPerUser = maxChannelsPerUser;
      c.maxTargets = maxTargets;
      c.maxClients = maxClients;
      c.registrationTimeout = registrationTimeout;
      c.pingInterval = pingInterval;
      c.pingTimeout = pingTimeout;
      c.floodPenalty = floodPenalty;
      c.floodBurst = floodBurst;
      c.floodQueue = floodQueue;
      return c;
    }

    private static int positive(int n, String name) {
      if (n <= 0) {
        throw new IllegalArgumentException(name + " must be positive: " + n);
      }
      return n;
    }

    private static double positive(double n, String name) {
      if (!(n > 0)) {
        throw new IllegalArgumentException(name + " must be positive: " + n);
      }
      return n;
    }
  }
}
