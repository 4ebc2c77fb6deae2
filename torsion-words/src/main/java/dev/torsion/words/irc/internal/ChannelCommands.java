package dev.torsion.words.irc.internal;

import static dev.torsion.words.irc.internal.Numeric.*;

import dev.torsion.words.irc.IRCMessage;
import java.util.ArrayList;
import java.util.List;

/** JOIN, PART, TOPIC, NAMES, LIST, KICK and INVITE (RFC 2812 section 3.2). */
final class ChannelCommands {
  private ChannelCommands() {}

  /*
   * RFC 2812 1.3:  channel = "#" chanstring, chanstring = any octet except NUL, BELL, CR, LF,
   * space, comma and colon; at most CHANNELLEN characters.
   */
  static boolean validChannel(ServerConnection c, String name) {
    if (name.length() < 2 || name.length() > c.o.maxChannelLength() || name.charAt(0) != '#') {
      return false;
    }
    for (int i = 1; i < name.length(); i++) {
      char ch = name.charAt(i);
      if (ch == ' ' || ch == ',' || ch == 7 || ch == ':' || ch < ' ') {
        return false;
      }
    }
    return true;
  }

  static List<String> targets(String list) {
    List<String> out = new ArrayList<>();
    for (String t : list.split(",")) {
      if (!t.isEmpty()) {
        out.add(t);
      }
    }
    return out;
  }

  static void join(ServerConnection c, IRCMessage m) {
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      c.needMoreParams("JOIN");
      return;
    }
    if (m.param(0).equals("0")) {
      // RFC 2812 3.2.1: JOIN 0 leaves every channel.
      for (Channel ch : new ArrayList<>(c.channels)) {
        leave(c, ch, "PART", ch.name);
      }
      return;
    }
    List<String> names = targets(m.param(0));
    List<String> keys = m.params().size() > 1 ? List.of(m.param(1).split(",", -1)) : List.of();
    if (names.size() > c.o.maxTargets()) {
      c.numeric(ERR_TOOMANYTARGETS, m.param(0), "Too many targets");
      return;
    }
    for (int i = 0; i < names.size(); i++) {
      joinOne(c, names.get(i), i < keys.size() ? keys.get(i) : null);
    }
  }

  private static void joinOne(ServerConnection c, String name, String key) {
    if (!validChannel(c, name)) {
      c.numeric(ERR_NOSUCHCHANNEL, name, "No such channel");
      return;
    }
    Channel ch = c.net.channel(name);
    if (ch != null && ch.members.containsKey(c)) {
      return;
    }
    if (c.channels.size() >= c.o.maxChannelsPerUser()) {
      c.numeric(ERR_TOOMANYCHANNELS, name, "You have joined too many channels");
      return;
    }
    boolean created = ch == null;
    if (!created) {
      String folded = Network.CASE.lower(c.nick);
      if (ch.inviteOnly && !ch.invited.contains(folded)) {
        c.numeric(ERR_INVITEONLYCHAN, ch.name, "Cannot join channel (+i)");
        return;
      }
      if (ch.key != null && !ch.key.equals(key)) {
        c.numeric(ERR_BADCHANNELKEY, ch.name, "Cannot join channel (+k)");
        return;
      }
      if (ch.limit > 0 && ch.members.size() >= ch.limit && !ch.invited.contains(folded)) {
        c.numeric(ERR_CHANNELISFULL, ch.name, "Cannot join channel (+l)");
        return;
      }
      ch.invited.remove(folded);
    } else {
      ch = c.net.createChannel(name);
    }
    Channel.Member member = new Channel.Member();
    member.op = created; // the creator is its first operator
    ch.members.put(c, member);
    c.channels.add(ch);
    ch.broadcast(ServerConnection.line(c.prefix(), "JOIN", ch.name), null);
    if (!ch.topic.isEmpty()) {
      sendTopic(c, ch);
    }
    sendNames(c, ch);
  }

  static void part(ServerConnection c, IRCMessage m) {
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      c.needMoreParams("PART");
      return;
    }
    String reason = m.params().size() > 1 ? m.param(1) : null;
    for (String name : targets(m.param(0))) {
      Channel ch = c.net.channel(name);
      if (ch == null) {
        c.numeric(ERR_NOSUCHCHANNEL, name, "No such channel");
      } else if (!ch.members.containsKey(c)) {
        c.numeric(ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
      } else if (reason == null) {
        leave(c, ch, "PART", ch.name);
      } else {
        leave(c, ch, "PART", ch.name, reason);
      }
    }
  }

  /** Tells the channel (the leaver included), then takes {@code who} out of it. */
  private static void leave(ServerConnection who, Channel ch, String command, String... params) {
    ch.broadcast(ServerConnection.line(who.prefix(), command, params), null);
    ch.members.remove(who);
    who.channels.remove(ch);
    who.net.dropIfEmpty(ch);
  }

  static void topic(ServerConnection c, IRCMessage m) {
    if (m.params().isEmpty()) {
      c.needMoreParams("TOPIC");
      return;
    }
    Channel ch = c.net.channel(m.param(0));
    if (ch == null) {
      c.numeric(ERR_NOSUCHCHANNEL, m.param(0), "No such channel");
      return;
    }
    if (m.params().size() == 1) {
      if (ch.topic.isEmpty()) {
        c.numeric(RPL_NOTOPIC, ch.name, "No topic is set");
      } else {
        sendTopic(c, ch);
      }
      return;
    }
    if (!ch.members.containsKey(c)) {
      c.numeric(ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
      return;
    }
    if (ch.topicOpsOnly && !ch.isOp(c)) {
      c.numeric(ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
      return;
    }
    String topic = m.param(1);
    if (topic.length() > c.o.maxTopicLength()) {
      topic = topic.substring(0, c.o.maxTopicLength());
    }
    ch.topic = topic;
    ch.topicBy = c.prefix();
    ch.topicAt = (long) (System.currentTimeMillis() / 1000);
    ch.broadcast(ServerConnection.line(c.prefix(), "TOPIC", ch.name, topic), null);
  }

  private static void sendTopic(ServerConnection c, Channel ch) {
    c.numeric(RPL_TOPIC, ch.name, ch.topic);
    c.numeric(RPL_TOPICWHOTIME, ch.name, ch.topicBy, Long.toString(ch.topicAt));
  }

  static void names(ServerConnection c, IRCMessage m) {
    if (m.params().isEmpty()) {
      for (Channel ch : c.net.channels()) {
        sendNames(c, ch, false);
      }
      c.numeric(RPL_ENDOFNAMES, "*", "End of /NAMES list");
      return;
    }
    for (String name : targets(m.param(0))) {
      Channel ch = c.net.channel(name);
      if (ch == null) {
        c.numeric(RPL_ENDOFNAMES, name, "End of /NAMES list");
      } else {
        sendNames(c, ch);
      }
    }
  }

  static void sendNames(ServerConnection c, Channel ch) {
    sendNames(c, ch, true);
  }

  /** 353 lines, as many as the names need under the 512-byte limit, then (if asked) 366. */
  private static void sendNames(ServerConnection c, Channel ch, boolean end) {
    boolean all = c.caps.contains("multi-prefix");
    boolean member = ch.members.containsKey(c);
    int room = 510 - (c.o.serverName().length() + c.nickOrStar().length() + ch.name.length() + 16);
    StringBuilder names = new StringBuilder();
    for (var e : ch.members.entrySet()) {
      if (e.getKey().invisible && !member) {
        continue; // RFC 2812 3.2.5: invisible users only show to those who share the channel
      }
      String n = e.getValue().prefixes(all) + e.getKey().nick;
      if (names.length() > 0 && names.length() + 1 + n.length() > room) {
        c.numeric(RPL_NAMREPLY, "=", ch.name, names.toString());
        names.setLength(0);
      }
      if (names.length() > 0) {
        names.append(' ');
      }
      names.append(n);
    }
    if (names.length() > 0) {
      c.numeric(RPL_NAMREPLY, "=", ch.name, names.toString());
    }
    if (end) {
      c.numeric(RPL_ENDOFNAMES, ch.name, "End of /NAMES list");
    }
  }

  static void list(ServerConnection c, IRCMessage m) {
    c.numeric(RPL_LISTSTART, "Channel", "Users  Name");
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      for (Channel ch : c.net.channels()) {
        c.numeric(RPL_LIST, ch.name, Integer.toString(ch.members.size()), ch.topic);
      }
    } else {
      for (String name : targets(m.param(0))) {
        Channel ch = c.net.channel(name);
        if (ch != null) {
          c.numeric(RPL_LIST, ch.name, Integer.toString(ch.members.size()), ch.topic);
        }
      }
    }
    c.numeric(RPL_LISTEND, "End of /LIST");
  }

  static void kick(ServerConnection c, IRCMessage m) {
    if (m.params().size() < 2) {
      c.needMoreParams("KICK");
      return;
    }
    Channel ch = c.net.channel(m.param(0));
    if (ch == null) {
      c.numeric(ERR_NOSUCHCHANNEL, m.param(0), "No such channel");
      return;
    }
    if (!ch.members.containsKey(c)) {
      c.numeric(ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
      return;
    }
    if (!ch.isOp(c)) {
      c.numeric(ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
      return;
    }
    String reason = m.params().size() > 2 ? m.param(2) : c.nick;
    if (reason.length() > 200) {
      reason = reason.substring(0, 200);
    }
    List<String> victims = targets(m.param(1));
    for (String nick : victims.subList(0, Math.min(victims.size(), c.o.maxTargets()))) {
      ServerConnection victim = c.net.byNick(nick);
      if (victim == null || !ch.members.containsKey(victim)) {
        c.numeric(ERR_USERNOTINCHANNEL, nick, ch.name, "They aren't on that channel");
        continue;
      }
      ch.broadcast(ServerConnection.line(c.prefix(), "KICK", ch.name, victim.nick, reason), null);
      ch.members.remove(victim);
      victim.channels.remove(ch);
    }
    c.net.dropIfEmpty(ch);
  }

  static void invite(ServerConnection c, IRCMessage m) {
    if (m.params().size() < 2) {
      c.needMoreParams("INVITE");
      return;
    }
    ServerConnection target = c.net.byNick(m.param(0));
    if (target == null || !target.registered) {
      c.numeric(ERR_NOSUCHNICK, m.param(0), "No such nick/channel");
      return;
    }
    Channel ch = c.net.channel(m.param(1));
    if (ch != null) {
      if (!ch.members.containsKey(c)) {
        c.numeric(ERR_NOTONCHANNEL, ch.name, "You're not on that channel");
        return;
      }
      if (ch.members.containsKey(target)) {
        c.numeric(ERR_USERONCHANNEL, target.nick, ch.name, "is already on channel");
        return;
      }
      if (ch.inviteOnly && !ch.isOp(c)) {
        c.numeric(ERR_CHANOPRIVSNEEDED, ch.name, "You're not channel operator");
        return;
      }
      if (ch.invited.size() < 100) {
        ch.invited.add(Network.CASE.lower(target.nick));
      }
    }
    String name = ch == null ? m.param(1) : ch.name;
    c.numeric(RPL_INVITING, target.nick, name);
    if (target.away != null) {
      c.numeric(RPL_AWAY, target.nick, target.away);
    }
    target.sendRaw(ServerConnection.line(c.prefix(), "INVITE", target.nick, name));
  }
}
