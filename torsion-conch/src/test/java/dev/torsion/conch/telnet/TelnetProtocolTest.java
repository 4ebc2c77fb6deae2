package dev.torsion.conch.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.StringTransport;
import java.io.ByteArrayOutputStream;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class TelnetProtocolTest {
  static final int IAC = 255;
  static final int WILL = 251;
  static final int WONT = 252;
  static final int DO = 253;
  static final int DONT = 254;

  final List<String> seen = new ArrayList<>();
  final ByteArrayOutputStream typed = new ByteArrayOutputStream();
  StringTransport wire;
  TelnetProtocol telnet;

  @BeforeEach
  void connect() {
    telnet = new TelnetProtocol() {
      @Override
      protected void applicationDataReceived(byte[] data) {
        typed.writeBytes(data);
      }

      @Override
      protected void windowSizeChanged(int columns, int rows) {
        seen.add("naws " + columns + "x" + rows);
      }

      @Override
      protected void terminalTypeReceived(String type) {
        seen.add("ttype " + type);
      }

      @Override
      protected void commandReceived(int command) {
        seen.add("command " + command);
      }
    };
    wire = new StringTransport();
    telnet.makeConnection(wire);
  }

  static byte[] bytes(int... b) {
    byte[] out = new byte[b.length];
    for (int i = 0; i < b.length; i++) {
      out[i] = (byte) b[i];
    }
    return out;
  }

  @Test
  void offersEchoAndSgaAndAsksForNawsAndTtype() {
    assertThat(wire.value()).isEqualTo(bytes(IAC, WILL, 1, IAC, WILL, 3, IAC, DO, 31, IAC, DO, 24));
  }

  @Test
  void answersAreNotAnswered() {
    wire.clear();
    telnet.dataReceived(bytes(IAC, DO, 1, IAC, DO, 3, IAC, WILL, 31));
    assertThat(wire.value()).isEmpty();
    assertThat(telnet.isLocalEnabled(1)).isTrue();
    assertThat(telnet.isRemoteEnabled(31)).isTrue();
    telnet.dataReceived(bytes(IAC, DO, 1, IAC, WILL, 31)); // repeated: no reply, no loop
    assertThat(wire.value()).isEmpty();
  }

  @Test
  void unknownOptionsAreRefused() {
    wire.clear();
    telnet.dataReceived(bytes(IAC, WILL, 39, IAC, DO, 5));
    assertThat(wire.value()).isEqualTo(bytes(IAC, DONT, 39, IAC, WONT, 5));
  }

  @Test
  void windowSizeAndTerminalTypeArrive() {
    telnet.dataReceived(bytes(IAC, WILL, 31, IAC, WILL, 24));
    assertThat(wire.value()).endsWith(bytes(IAC, 250, 24, 1, IAC, 240));
    telnet.dataReceived(bytes(IAC, 250, 31, 0, 120, 0, 40, IAC, 240));
    telnet.dataReceived(bytes(IAC, 250, 24, 0, 'X', 'T', 'E', 'R', 'M', IAC, 240));
    assertThat(seen).containsExactly("naws 120x40", "ttype XTERM");
  }

  @Test
  void dataIsUnescapedAndCommandsAreSeparated() {
    telnet.dataReceived(bytes('a', IAC, IAC, 'b', IAC, 246, 'c'));
    assertThat(typed.toByteArray()).isEqualTo(bytes('a', IAC, 'b', 'c'));
    assertThat(seen).containsExactly("command 246");
  }

  @Test
  void writesDoubleIac() {
    wire.clear();
    telnet.write(bytes('x', IAC, 'y'));
    assertThat(wire.value()).isEqualTo(bytes('x', IAC, IAC, 'y'));
  }

  @Test
  void anEndlessSubnegotiationIsBounded() {
    byte[] flood = new byte[100_000];
    flood[0] = (byte) IAC;
    flood[1] = (byte) 250;
    flood[2] = 31;
    telnet.dataReceived(flood);
    telnet.dataReceived(bytes(IAC, 240, 'z'));
    assertThat(seen).isEmpty();
    assertThat(typed.toByteArray()).isEqualTo(bytes('z'));
  }
}
