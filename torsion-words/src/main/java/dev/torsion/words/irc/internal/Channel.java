package dev.torsion.words.irc.internal;

import java.util.HashSet;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Set;

/** One channel: its members with their op/voice status, topic, modes and invitations. */
public final class Channel {
  /** A member's status in the channel. */
  public static final class Member {
    public boolean op;
    public boolean voice;

    /** "@+", "@", "+" or "" (all of them with multi-prefix, the highest otherwise). */
    public String prefixes(boolean all) {
      if (all) {
        return (op ? "@" : "") + (voice ? "+" : "");
      }
      return op ? "@" : voice ? "+" : "";
    }
  }

  public final String name;
  public final double created;
  public final Map<ServerConnection, Member> members = new LinkedHashMap<>();
  /** Folded nicks invited past +i; cleared as they join. */
  public final Set<String> invited = new HashSet<>();
  public String topic = "";
  public String topicBy = "";
  public long topicAt;
  public boolean topicOpsOnly = true; // +t
  public boolean noOutside = true;    // +n
  public boolean moderated;           // +m
  public boolean inviteOnly;          // +i
  public String key;                  // +k, or null
  public int limit;                   // +l, or 0

  public Channel(String name, double created) {
    this.name = name;
    this.created = created;
  }

  public Member member(ServerConnection c) {
    return members.get(c);
  }

  public boolean isOp(ServerConnection c) {
    Member m = members.get(c);
    return m != null && m.op;
  }

  public boolean canSpeak(ServerConnection c) {
    Member m = members.get(c);
    if (m == null) {
      return !noOutside && !moderated;
    }
    return !moderated || m.op || m.voice;
  }

  /** "+ntk" with its parameters (the key only for members). */
  public String modeString(boolean showKey) {
    StringBuilder flags = new StringBuilder("+");
    StringBuilder args = new StringBuilder();
    if (inviteOnly) {
      flags.append('i');
    }
    if (moderated) {
      flags.append('m');
    }
    if (noOutside) {
      flags.append('n');
    }
    if (topicOpsOnly) {
      flags.append('t');
    }
    if (key != null) {
      flags.append('k');
      args.append(' ').append(showKey ? key : "*");
    }
    if (limit > 0) {
      flags.append('l');
      args.append(' ').append(limit);
    }
    return flags.append(args).toString();
  }

  /** Sends {@code line} to every member but {@code except} (null for all). */
  public void broadcast(String line, ServerConnection except) {
    byte[] framed = ServerConnection.frame(line); // encoded once for every member
    for (ServerConnection c : members.keySet()) {
      if (c != except) {
        c.sendFramed(framed);
      }
    }
  }
}
