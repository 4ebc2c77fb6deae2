package dev.torsion.words.irc;

import dev.torsion.internet.IPv4Address;
import dev.torsion.internet.Protocol;
import dev.torsion.trial.StringTransportWithDisconnection;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;

/** One client of a server under test, on a StringTransport: send lines, read the replies. */
final class FakeIRCClient {
  private static int port = 40000;
  final StringTransportWithDisconnection transport;
  final Protocol protocol;

  FakeIRCClient(IRCServerFactory factory) {
    IPv4Address peer = new IPv4Address("TCP", "127.0.0.1", port++);
    transport = new StringTransportWithDisconnection(new IPv4Address("TCP", "127.0.0.1", 6667), peer);
    protocol = factory.buildProtocol(peer);
    transport.protocol = protocol;
    protocol.makeConnection(transport);
  }

  FakeIRCClient send(String... lines) {
    for (String l : lines) {
      protocol.dataReceived((l + "\r\n").getBytes(StandardCharsets.UTF_8));
    }
    return this;
  }

  void sendBytes(byte[] b) {
    protocol.dataReceived(b);
  }

  /** Registers as {@code nick} and forgets the welcome. */
  FakeIRCClient register(String nick) {
    send("NICK " + nick, "USER " + nick + " 0 * :" + nick + " the tester");
    List<String> got = lines();
    if (got.stream().noneMatch(l -> l.contains(" 001 "))) {
      throw new AssertionError("not welcomed: " + got);
    }
    return this;
  }

  /** The lines written since the last call. */
  List<String> lines() {
    String all = transport.valueString();
    transport.clear();
    List<String> out = new ArrayList<>();
    for (String l : all.split("\r\n")) {
      if (!l.isEmpty()) {
        out.add(l);
      }
    }
    return out;
  }

  /** The numerics or commands (second word) of the lines written since the last call. */
  List<String> codes() {
    List<String> out = new ArrayList<>();
    for (String l : lines()) {
      out.add(IRCMessage.parse(l).command());
    }
    return out;
  }

  boolean closed() {
    return transport.disconnecting;
  }
}
