package dev.torsion.examples;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.application.Application;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.ProcessExit;
import dev.torsion.internet.ProcessProtocol;
import dev.torsion.internet.Reactor;
import dev.torsion.trial.DeferredTest;
import dev.torsion.trial.Peers;
import dev.torsion.trial.TrialTimeout;
import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.AfterEach;

/** examples/ChatServer.java with three telnet-style clients written in Python's socket module. */
class ChatServerInteropTest {
  private static final String SCRIPT = String.join("\n",
      "import socket, sys",
      "port = int(sys.argv[1])",
      "def conn():",
      "    s = socket.create_connection(('127.0.0.1', port), timeout=10)",
      "    return s, s.makefile('rb')",
      "def line(c):",
      "    return c[1].readline().decode('utf-8').rstrip('\\r\\n')",
      "users = [conn() for _ in range(3)]",
      "for c, name in zip(users, ['ann', 'ben', 'cy']):",
      "    print(line(c))",
      "    c[0].sendall(name.encode() + b'\\r\\n')",
      "    print(line(c))",
      "ann, ben, cy = users",
      "print(line(ann)); print(line(ann)); print(line(ben))",
      "ann[0].sendall(b'hello from python\\r\\n')",
      "print(line(ben)); print(line(cy))",
      "cy[0].sendall(b'half a li')",
      "cy[1].close(); cy[0].close()  # the makefile holds the socket open until it is closed too",
      "print(line(ann)); print(line(ben))",
      "for c in (ann, ben): c[1].close(); c[0].close()",
      "");

  @AfterEach
  void clearProperties() {
    System.clearProperty("chat.listen");
  }

  @DeferredTest
  @TrialTimeout(30)
  Deferred<?> threePythonSocketClientsChat(Reactor reactor) {
    String python = Peers.require("python3");
    System.setProperty("chat.listen", "tcp:0:interface=127.0.0.1");
    Application app = Example.load("ChatServer").application(reactor);
    return Example.start(app)
        .addDeferredCallback(ok -> runPython(reactor, python, Example.port(app)))
        .addCallback(output -> {
          assertThat(output).isEqualTo(String.join("\n",
              "Welcome! What's your name?", "Hello, ann! Here: ann",
              "Welcome! What's your name?", "Hello, ben! Here: ann, ben",
              "Welcome! What's your name?", "Hello, cy! Here: ann, ben, cy",
              "* ben has joined", "* cy has joined", "* cy has joined",
              "<ann> hello from python", "<ann> hello from python",
              "* cy has left", "* cy has left", ""));
          return null;
        })
        .addDeferredCallback(ok -> Example.stop(app));
  }

  /** Runs the script under {@code python}; fires with its stdout, or fails if it exits non-zero. */
  private static Deferred<String> runPython(Reactor reactor, String python, int port) {
    Deferred<String> done = new Deferred<>();
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    ByteArrayOutputStream err = new ByteArrayOutputStream();
    reactor.spawnProcess(new ProcessProtocol() {
      @Override
      public void outReceived(byte[] data) {
        out.writeBytes(data);
      }

      @Override
      public void errReceived(byte[] data) {
        err.writeBytes(data);
      }

      @Override
      public void processEnded(ProcessExit status) {
        if (status.isSuccess()) {
          done.callback(out.toString(StandardCharsets.UTF_8));
        } else {
          done.errback(new AssertionError("python " + status + ":\n" + out.toString(StandardCharsets.UTF_8)
              + err.toString(StandardCharsets.UTF_8)));
        }
      }
    }, python, List.of(python, "-c", SCRIPT, Integer.toString(port)), null, null);
    return done;
  }
}
