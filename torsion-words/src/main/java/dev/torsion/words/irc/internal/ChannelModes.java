package dev.torsion.words.irc.internal;

import static dev.torsion.words.irc.internal.Numeric.*;

import dev.torsion.words.irc.IRCMessage;
import java.util.ArrayList;
import java.util.List;

/**
 * Channel MODE (RFC 2812 3.2.3, RFC 2811 4): the query, and changes to +o +v +k +l +t +n +m +i.
 *
 * <pre>
 *   MODE #chan +ok-v alice secret bob      one sign runs until the next; o, v, k take a parameter,
 *   MODE #chan +l 10                       l only when set; at most 3 parameter modes per command
 *   MODE #chan b                           the (always empty) ban list, as clients ask on join
 * </pre>
 */
final class ChannelModes {
  private ChannelModes() {}

  static final int MAX_PARAM_MODES = 3;

  static void mode(ServerConnection c, IRCMessage m) {
    Channel ch = c.net.channel(m.param(0));
    if (ch == null) {
      c.numeric(ERR_NOSUCHCHANNEL, m.param(0), "No such channel");
      return;
    }
    if (m.params().size() == 1) {
      c.numeric(RPL_CHANNELMODEIS, modeParams(ch, ch.members.containsKey(c)));
      return;
    }
    String modes = m.param(1);
    if (modes.equals("b") || modes.equals("+b")) {
      c.numeric(RPL_ENDOFBANLIST, ch.name, "End of channel ban list");
      return;
    }
    if (!ch.isOp(c)) {
      c.numeric(ch.members.containsKey(c) ? ERR_CHANOPRIVSNEEDED : ERR_NOTONCHANNEL, ch.name,
          ch.members.containsKey(c) ? "You're not channel operator" : "You're not on that channel");
      return;
    }
    int arg = 2;
    int paramModes = 0;
    boolean plus = true;
    StringBuilder applied = new StringBuilder();
    List<String> appliedArgs = new ArrayList<>();
    char lastSign = 0;
    for (int i = 0; i < modes.length(); i++) {
      char f = modes.charAt(i);
      if (f == '+' || f == '-') {
        plus = f == '+';
        continue;
      }
      String param = null;
      boolean takesParam = f == 'o' || f == 'v' || f == 'k' || (f == 'l' && plus);
      if (takesParam) {
        if (arg >= m.params().size()) {
          if (f != 'k') { // "-k" without the key is common and harmless
            c.needMoreParams("MODE");
            continue;
          }
        } else {
          param = m.param(arg++);
        }
        if (++paramModes > MAX_PARAM_MODES) {
          break;
        }
      }
      String change = apply(c, ch, f, plus, param);
      if (change == null) {
        continue;
      }
      char sign = plus ? '+' : '-';
      if (sign != lastSign) {
        applied.append(sign);
        lastSign = sign;
      }
      applied.append(f);
      if (!change.isEmpty()) {
        appliedArgs.add(change);
      }
    }
    if (applied.length() > 0) {
      List<String> params = new ArrayList<>();
      params.add(ch.name);
      params.add(applied.toString());
      params.addAll(appliedArgs);
      ch.broadcast(ServerConnection.line(c.prefix(), "MODE", params.toArray(new String[0])), null);
    }
  }

  /** Applies one flag: null when nothing changed, else its parameter as broadcast ("" for none). */
  private static String apply(ServerConnection c, Channel ch, char f, boolean plus, String param) {
    switch (f) {
      case 'o', 'v' -> {
        if (param == null) {
          return null;
        }
        ServerConnection who = c.net.byNick(param);
        if (who == null) {
          c.numeric(ERR_NOSUCHNICK, param, "No such nick/channel");
          return null;
        }
        Channel.Member mem = ch.members.get(who);
        if (mem == null) {
          c.numeric(ERR_USERNOTINCHANNEL, who.nick, ch.name, "They aren't on that channel");
          return null;
        }
        if (f == 'o') {
          mem.op = plus;
        } else {
          mem.voice = plus;
        }
        return who.nick;
      }
      case 'k' -> {
        if (plus) {
          if (param == null || param.isEmpty() || param.length() > 23 || param.contains(",")) {
            return null;
          }
          ch.key = param;
          return param;
        }
        if (ch.key == null) {
          return null;
        }
        ch.key = null;
        return "*";
      }
      case 'l' -> {
        if (!plus) {
          if (ch.limit == 0) {
            return null;
          }
          ch.limit = 0;
          return "";
        }
        int n;
        try {
          n = Integer.parseInt(param);
        } catch (NumberFormatException e) {
          return null;
        }
        if (n <= 0) {
          return null;
        }
        ch.limit = n;
        return Integer.toString(n);
      }
      case 't' -> ch.topicOpsOnly = plus;
      case 'n' -> ch.noOutside = plus;
      case 'm' -> ch.moderated = plus;
      case 'i' -> ch.inviteOnly = plus;
      default -> {
        c.numeric(ERR_UNKNOWNMODE, String.valueOf(f), "is unknown mode char to me for " + ch.name);
        return null;
      }
    }
    return "";
  }

  private static String[] modeParams(Channel ch, boolean member) {
    List<String> p = new ArrayList<>();
    p.add(ch.name);
    p.addAll(List.of(ch.modeString(member).split(" ")));
    return p.toArray(new String[0]);
  }
}
