package dev.torsion.conch.telnet;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.Factory;
import dev.torsion.trial.PeerProcess;
import dev.torsion.trial.Peers;
import dev.torsion.trial.ReactorThread;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Queue;
import java.util.concurrent.ConcurrentLinkedQueue;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Torsion's telnet server protocol against a telnet client no one here wrote: Twisted's
 * {@code twisted.conch.telnet.TelnetTransport} (RFC 1143's option state machine). The client
 * takes ECHO and SGA, offers NAWS with a size and TTYPE with a name, and sends a line with an
 * IAC byte in it; the server echoes the line upper-cased, so IAC doubling goes both ways (and
 * CR LF, the NVT newline, arrives as Twisted turns it into "\n" for its application).
 */
class TelnetTwistedInteropTest {
  @TempDir Path dir;

  static final String CLIENT = String.join("\n",
      "import struct, sys",
      "from twisted.internet import reactor, protocol",
      "from twisted.conch import telnet",
      "TTYPE = bytes([24])",
      "class Client(telnet.TelnetProtocol):",
      "    seen = b''",
      "    sent = False",
      "    def connectionMade(self):",
      "        self.transport.negotiationMap[TTYPE] = self.ttype",
      "    def enableLocal(self, option):",
      "        if option == telnet.NAWS:",
      "            # after our WILL NAWS has gone out",
      "            reactor.callLater(0, self.transport.requestNegotiation, telnet.NAWS,",
      "                              struct.pack('!HH', 100, 30))",
      "            return True",
      "        return option == TTYPE",
      "    def enableRemote(self, option):",
      "        return option in (telnet.ECHO, telnet.SGA)",
      "    def ttype(self, data):",
      "        if data and data[0] == b'\\x01':",
      "            self.transport.requestNegotiation(TTYPE, b'\\x00XTERM-TWISTED')",
      "    def dataReceived(self, data):",
      "        self.seen += data",
      "        if b'type XTERM-TWISTED' in self.seen and not self.sent:",
      "            self.sent = True",
      "            # Twisted's telnet writes NVT newlines: \\n goes out as CR LF",
      "            self.transport.write(b'hello x\\xffy\\n')",
      "        if b'HELLO X\\xffY' in self.seen:",
      "            for name, opt in (('ECHO', telnet.ECHO), ('SGA', telnet.SGA)):",
      "                print('him', name, self.transport.getOptionState(opt).him.state)",
      "            print('seen', repr(self.seen))",
      "            self.transport.loseConnection()",
      "    def connectionLost(self, reason):",
      "        if reactor.running: reactor.stop()",
      "def give_up():",
      "    print('timed out; seen so far:', repr(Client.seen)); reactor.stop()",
      "reactor.callLater(30, give_up)",
      "protocol.ClientCreator(reactor, telnet.TelnetTransport, Client)"
          + ".connectTCP('127.0.0.1', int(sys.argv[1]))",
      "reactor.run()", "");

  static final class Recording extends TelnetProtocol {
    final Queue<String> events;
    final ByteArrayOutputStream line = new ByteArrayOutputStream();
    int columns;
    int rows;
    String type;

    Recording(Queue<String> events) {
      this.events = events;
    }

    @Override
    protected void windowSizeChanged(int columns, int rows) {
      this.columns = columns;
      this.rows = rows;
      events.add("naws " + columns + "x" + rows);
      report();
    }

    @Override
    protected void terminalTypeReceived(String type) {
      this.type = type;
      events.add("ttype " + type);
      report();
    }

    private void report() {
      if (type != null && columns > 0) {
        write(("size " + columns + "x" + rows + " type " + type + "\r\n")
            .getBytes(StandardCharsets.US_ASCII));
      }
    }

    @Override
    protected void applicationDataReceived(byte[] data) {
      line.writeBytes(data);
      byte[] b = line.toByteArray();
      if (b.length >= 2 && b[b.length - 2] == '\r' && b[b.length - 1] == '\n') {
        events.add("line " + new String(b, StandardCharsets.ISO_8859_1));
        for (int i = 0; i < b.length; i++) {
          if (b[i] >= 'a' && b[i] <= 'z') {
            b[i] -= 32;
          }
        }
        write(b);
        line.reset();
      }
    }
  }

  @Test
  void twistedsTelnetClientNegotiatesAndTalks() throws Exception {
    Peers.requirePython("twisted.conch.telnet");
    Queue<String> events = new ConcurrentLinkedQueue<>();
    Path script = Files.writeString(dir.resolve("client.py"), CLIENT);
    PeerProcess.Result r;
    try (ReactorThread real = new ReactorThread()) {
      int port = real.listen("tcp:0:interface=127.0.0.1",
          Factory.forProtocol(() -> new Recording(events)));
      r = PeerProcess.run(List.of(Peers.PYTHON, script.toString(), String.valueOf(port)));
    }

    assertThat(r.exit()).as(r.all()).isZero();
    assertThat(r.stdout()).as(r.all()).contains("him ECHO yes").contains("him SGA yes")
        .contains("size 100x30 type XTERM-TWISTED").contains("HELLO X\\xffY\\n");
    assertThat(events).containsExactlyInAnyOrder("naws 100x30", "ttype XTERM-TWISTED",
        "line hello x\u00ffy\r\n");
  }
}
