package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.PeerProcess;
import dev.torsion.trial.Peers;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * examples/AmpServer.java run as {@code ./torsion run examples/AmpServer.java -- tcp:PORT}, called
 * by a client in the shape of Twisted's own ampclient.py, under Debian's python3-twisted.
 */
class AmpServerInteropTest {
  /** Twisted's ampclient.py, plus the division by zero its docs promise comes back as such. */
  private static final String AMPCLIENT = String.join("\n",
      "import sys",
      "from twisted.internet import reactor, defer",
      "from twisted.internet.endpoints import TCP4ClientEndpoint, connectProtocol",
      "from twisted.protocols import amp",
      "class Sum(amp.Command):",
      "    arguments = [(b'a', amp.Integer()), (b'b', amp.Integer())]",
      "    response = [(b'total', amp.Integer())]",
      "class Divide(amp.Command):",
      "    arguments = [(b'numerator', amp.Integer()), (b'denominator', amp.Integer())]",
      "    response = [(b'result', amp.Float())]",
      "    errors = {ZeroDivisionError: b'ZERO_DIVISION'}",
      "@defer.inlineCallbacks",
      "def main():",
      "    ep = TCP4ClientEndpoint(reactor, '127.0.0.1', int(sys.argv[1]))",
      "    p = yield connectProtocol(ep, amp.AMP())",
      "    r = yield p.callRemote(Sum, a=13, b=81)",
      "    print('sum', r['total'])",
      "    r = yield p.callRemote(Divide, numerator=1234, denominator=2)",
      "    print('divide', r['result'])",
      "    try:",
      "        yield p.callRemote(Divide, numerator=1234, denominator=0)",
      "    except ZeroDivisionError:",
      "        print('ZeroDivisionError')",
      "    p.transport.loseConnection()",
      "def run():",
      "    d = main()",
      "    d.addErrback(lambda f: (print(f.getTraceback(), file=sys.stderr), sys.exit(1)))",
      "    d.addBoth(lambda _: reactor.stop())",
      "reactor.callWhenRunning(run)",
      "reactor.run()",
      "");

  @TempDir Path dir;

  @Test
  void twistedsAmpClientCallsTheExampleRunByTheRunner() throws Exception {
    String python = Peers.requirePython("twisted.protocols.amp");
    Path script = Files.writeString(dir.resolve("ampclient.py"), AMPCLIENT);
    try (ExampleProcess server = ExampleProcess.torsion(new String[0],
        "run", "examples/AmpServer.java", "--", "tcp:0:interface=127.0.0.1")) {
      int port = server.awaitListeningPort();
      PeerProcess.Result client =
          PeerProcess.run(List.of(python, script.toString(), Integer.toString(port)));
      assertThat(client.exit()).as(client.all() + "\nserver:\n" + server.output()).isZero();
      assertThat(client.stdout()).isEqualTo("sum 94\ndivide 617.0\nZeroDivisionError\n");

      server.terminate();
      assertThat(server.waitFor()).as(server.output()).isZero();
    }
  }
}
