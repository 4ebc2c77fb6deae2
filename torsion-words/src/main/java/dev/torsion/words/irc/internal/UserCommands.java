package dev.torsion.words.irc.internal;

import static dev.torsion.words.irc.internal.Numeric.*;

import dev.torsion.words.irc.IRCMessage;
import java.util.ArrayList;
import java.util.List;

/** PRIVMSG and NOTICE, WHO, WHOIS, ISON, AWAY and the user MODE (RFC 2812 3.3, 3.6, 4). */
final class UserCommands {
  private UserCommands() {}

  static void message(ServerConnection c, IRCMessage m) {
    boolean notice = m.command().equals("NOTICE");
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      if (!notice) {
        c.numeric(ERR_NORECIPIENT, "No recipient given (" + m.command() + ")");
      }
      return;
    }
    if (m.params().size() < 2 || m.param(1).isEmpty()) {
      if (!notice) {
        c.numeric(ERR_NOTEXTTOSEND, "No text to send");
      }
      return;
    }
    List<String> targets = ChannelCommands.targets(m.param(0));
    if (targets.size() > c.o.maxTargets()) {
      if (!notice) {
        c.numeric(ERR_TOOMANYTARGETS, m.param(0), "Too many recipients");
      }
      return;
    }
    c.lastMessage = c.net.clock.seconds();
    String text = m.param(1);
    for (String t : targets) {
      if (t.startsWith("#")) {
        Channel ch = c.net.channel(t);
        if (ch == null) {
          if (!notice) {
            c.numeric(ERR_NOSUCHNICK, t, "No such nick/channel");
          }
        } else if (!ch.canSpeak(c)) {
          if (!notice) {
            c.numeric(ERR_CANNOTSENDTOCHAN, ch.name, "Cannot send to channel");
          }
        } else {
          ch.broadcast(ServerConnection.line(c.prefix(), m.command(), ch.name, text), c);
        }
        continue;
      }
      ServerConnection to = c.net.byNick(t);
      if (to == null || !to.registered) {
        if (!notice) {
          c.numeric(ERR_NOSUCHNICK, t, "No such nick/channel");
        }
        continue;
      }
      to.sendRaw(ServerConnection.line(c.prefix(), m.command(), to.nick, text));
      if (!notice && to.away != null) {
        c.numeric(RPL_AWAY, to.nick, to.away);
      }
    }
  }

  static void who(ServerConnection c, IRCMessage m) {
    String mask = m.params().isEmpty() ? "*" : m.param(0);
    if (mask.startsWith("#")) {
      Channel ch = c.net.channel(mask);
      if (ch != null) {
        boolean member = ch.members.containsKey(c);
        for (var e : ch.members.entrySet()) {
          if (member || !e.getKey().invisible) {
            whoReply(c, ch.name, e.getKey(), e.getValue());
          }
        }
      }
    } else {
      int shown = 0;
      for (ServerConnection u : new ArrayList<>(c.net.clients())) {
        if (!u.registered || (u.invisible && u != c && !sharesChannel(c, u))) {
          continue;
        }
        if (glob(Network.CASE.lower(mask), Network.CASE.lower(u.nick)) && shown++ < 200) {
          whoReply(c, "*", u, null);
        }
      }
    }
    c.numeric(RPL_ENDOFWHO, mask, "End of WHO list");
  }

  private static void whoReply(ServerConnection c, String channel, ServerConnection u,
      Channel.Member member) {
    String flags = (u.away == null ? "H" : "G")
        + (member == null ? "" : member.prefixes(c.caps.contains("multi-prefix")));
    c.numeric(RPL_WHOREPLY, channel, u.user, u.host, c.o.serverName(), u.nick, flags,
        "0 " + u.realName);
  }

  static void whois(ServerConnection c, IRCMessage m) {
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      c.numeric(ERR_NONICKNAMEGIVEN, "No nickname given");
      return;
    }
    // WHOIS [server] nicks: the nicks are the last parameter.
    String list = m.param(m.params().size() - 1);
    List<String> nicks = ChannelCommands.targets(list);
    for (String n : nicks.subList(0, Math.min(nicks.size(), c.o.maxTargets()))) {
      ServerConnection u = c.net.byNick(n);
      if (u == null || !u.registered) {
        c.numeric(ERR_NOSUCHNICK, n, "No such nick/channel");
        continue;
      }
      c.numeric(RPL_WHOISUSER, u.nick, u.user, u.host, "*", u.realName);
      StringBuilder chans = new StringBuilder();
      for (Channel ch : u.channels) {
        if (u.invisible && !ch.members.containsKey(c)) {
          continue;
        }
        if (chans.length() > 0) {
          chans.append(' ');
        }
        chans.append(ch.member(u).prefixes(false)).append(ch.name);
      }
      if (chans.length() > 0) {
        c.numeric(RPL_WHOISCHANNELS, u.nick, chans.toString());
      }
      c.numeric(RPL_WHOISSERVER, u.nick, c.o.serverName(), "Torsion IRC server");
      if (u.away != null) {
        c.numeric(RPL_AWAY, u.nick, u.away);
      }
      double now = c.net.clock.seconds();
      c.numeric(RPL_WHOISIDLE, u.nick, Long.toString((long) (now - u.lastMessage)),
          Long.toString(System.currentTimeMillis() / 1000 - (long) (now - u.signon)),
          "seconds idle, signon time");
    }
    c.numeric(RPL_ENDOFWHOIS, list, "End of /WHOIS list");
  }

  static void ison(ServerConnection c, IRCMessage m) {
    if (m.params().isEmpty()) {
      c.needMoreParams("ISON");
      return;
    }
    StringBuilder on = new StringBuilder();
    int asked = 0;
    for (String p : m.params()) {
      for (String n : p.split(" ")) {
        if (n.isEmpty() || asked++ >= 100) {
          continue;
        }
        ServerConnection u = c.net.byNick(n);
        if (u != null && u.registered) {
          if (on.length() > 0) {
            on.append(' ');
          }
          on.append(u.nick);
        }
      }
    }
    c.numeric(RPL_ISON, on.toString());
  }

  static void away(ServerConnection c, IRCMessage m) {
    if (m.params().isEmpty() || m.param(0).isEmpty()) {
      c.away = null;
      c.numeric(RPL_UNAWAY, "You are no longer marked as being away");
    } else {
      String msg = m.param(0);
      c.away = msg.length() > 200 ? msg.substring(0, 200) : msg;
      c.numeric(RPL_NOWAWAY, "You have been marked as being away");
    }
  }

  static void userMode(ServerConnection c, IRCMessage m) {
    ServerConnection target = c.net.byNick(m.param(0));
    if (target == null) {
      c.numeric(ERR_NOSUCHNICK, m.param(0), "No such nick/channel");
      return;
    }
    if (target != c) {
      c.numeric(ERR_USERSDONTMATCH, "Cannot change mode for other users");
      return;
    }
    if (m.params().size() < 2) {
      c.numeric(RPL_UMODEIS, c.invisible ? "+i" : "+");
      return;
    }
    boolean plus = true;
    boolean unknown = false;
    boolean was = c.invisible;
    for (char f : m.param(1).toCharArray()) {
      if (f == '+' || f == '-') {
        plus = f == '+';
      } else if (f == 'i') {
        c.invisible = plus;
      } else {
        unknown = true;
      }
    }
    if (unknown) {
      c.numeric(ERR_UMODEUNKNOWNFLAG, "Unknown MODE flag");
    }
    if (was != c.invisible) {
      c.sendRaw(ServerConnection.line(c.prefix(), "MODE", c.nick, c.invisible ? "+i" : "-i"));
    }
  }

  private static boolean sharesChannel(ServerConnection a, ServerConnection b) {
    for (Channel ch : a.channels) {
      if (ch.members.containsKey(b)) {
        return true;
      }
    }
    return false;
  }

  /** '*' and '?' wildcards, iteratively (no backtracking blow-up on hostile masks). */
  static boolean glob(String pattern, String s) {
    int p = 0;
    int i = 0;
    int star = -1;
    int mark = 0;
    while (i < s.length()) {
      if (p < pattern.length() && (pattern.charAt(p) == '?' || pattern.charAt(p) == s.charAt(i))) {
        p++;
        i++;
      } else if (p < pattern.length() && pattern.charAt(p) == '*') {
        star = p++;
        mark = i;
      } else if (star >= 0) {
        p = star + 1;
        i = ++mark;
      } else {
        return false;
      }
    }
    while (p < pattern.length() && pattern.charAt(p) == '*') {
      p++;
    }
    return p == pattern.length();
  }
}
