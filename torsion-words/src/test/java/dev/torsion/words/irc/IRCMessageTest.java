package dev.torsion.words.irc;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class IRCMessageTest {
  @Test
  void parsesPrefixCommandMiddleAndTrailing() {
    IRCMessage m = IRCMessage.parse(":alice!a@host PRIVMSG #torsion :hello there");

    assertThat(m.prefix()).isEqualTo("alice!a@host");
    assertThat(m.nick()).isEqualTo("alice");
    assertThat(m.command()).isEqualTo("PRIVMSG");
    assertThat(m.params()).containsExactly("#torsion", "hello there");
  }

  @Test
  void parsesTagsAndUnescapesTheirValues() {
    IRCMessage m = IRCMessage.parse("@time=12:00;+draft/x=a\\sb\\:c\\\\d\\r\\n;flag :s 001 me :hi");

    assertThat(m.tags()).containsExactly(Map.entry("time", "12:00"),
        Map.entry("+draft/x", "a b;c\\d\r\n"), Map.entry("flag", ""));
    assertThat(m.toString()).isEqualTo("@time=12:00;+draft/x=a\\sb\\:c\\\\d\\r\\n;flag :s 001 me hi");
  }

  @Test
  void theFifteenthParameterIsTheRestOfTheLine() {
    IRCMessage m = IRCMessage.parse("CMD 1 2 3 4 5 6 7 8 9 10 11 12 13 14 fifteen and more");

    assertThat(m.params()).hasSize(15);
    assertThat(m.param(14)).isEqualTo("fifteen and more");
  }

  @Test
  void formatsTheLastParameterWithAColonOnlyWhenItNeedsOne() {
    assertThat(IRCMessage.of("NICK", "bob").toString()).isEqualTo("NICK bob");
    assertThat(IRCMessage.of("PRIVMSG", "#c", "two words").toString()).isEqualTo("PRIVMSG #c :two words");
    assertThat(IRCMessage.of("PRIVMSG", "#c", "").toString()).isEqualTo("PRIVMSG #c :");
    assertThat(IRCMessage.of("PRIVMSG", "#c", ":)").toString()).isEqualTo("PRIVMSG #c ::)");
  }

  @Test
  void toleratesRunsOfSpacesAndLowerCaseCommands() {
    assertThat(IRCMessage.parse("  privmsg   #a   :x").params()).containsExactly("#a", "x");
    assertThat(IRCMessage.parse("privmsg #a x").command()).isEqualTo("PRIVMSG");
  }

  @Test
  void refusesWhatIsNotAMessage() {
    for (String bad : List.of("", "   ", ":prefix", "@a=b", "PRIV-MSG x", "12 x", "A\0B",
        "@=v CMD", "@a;;b CMD", ": CMD")) {
      assertThatThrownBy(() -> IRCMessage.parse(bad)).as(bad).isInstanceOf(IRCParseError.class);
    }
  }

  @Test
  void refusesToBuildALineThatCannotBeSent() {
    assertThatThrownBy(() -> IRCMessage.of("PRIVMSG", "#a b", "x"))
        .isInstanceOf(IllegalArgumentException.class);
    assertThatThrownBy(() -> IRCMessage.of("PRIVMSG", "#a", "x\r\nQUIT"))
        .isInstanceOf(IllegalArgumentException.class);
  }

  @Test
  void rfc1459CaseMappingFoldsBracketsTooButAsciiDoesNot() {
    assertThat(CaseMapping.RFC1459.lower("[Bot]\\^")).isEqualTo("{bot}|~");
    assertThat(CaseMapping.RFC1459.equals("Nick[1]", "nICK{1}")).isTrue();
    assertThat(CaseMapping.STRICT_RFC1459.lower("^")).isEqualTo("^");
    assertThat(CaseMapping.ASCII.lower("[A]")).isEqualTo("[a]");
  }
}
