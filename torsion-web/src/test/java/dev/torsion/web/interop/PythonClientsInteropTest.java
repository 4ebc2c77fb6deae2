package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Python's http.client and Twisted's Agent against our server. */
class PythonClientsInteropTest {
  @TempDir Path tmp;
  private RealServer server;

  @BeforeEach
  void start() {
    server = new RealServer(new TestSite(tmp).root, site -> { });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  @Test
  void httpClientKeepsTheConnectionAndReadsChunkedBodies() throws Exception {
    String python = Peers.require(Peers.PYTHON);
    String script = String.join("\n",
        "import http.client, sys",
        "c = http.client.HTTPConnection('127.0.0.1', int(sys.argv[1]), timeout=10)",
        "c.request('GET', '/hello'); r = c.getresponse(); a = r.read()",
        "sock = c.sock",
        "c.request('GET', '/stream'); r2 = c.getresponse(); b = r2.read()",
        "c.request('POST', '/echo', body=b'x' * 70000); r3 = c.getresponse(); e = r3.read()",
        "print(r.status, a.decode().strip(), r2.getheader('Transfer-Encoding'), b.count(b'chunk'),",
        "      len(e), c.sock is sock)");

    Processes.Result r = Processes.run(List.of(python, "-c", script, String.valueOf(server.port())));

    assertThat(r.stdout().trim()).as(r.stderr()).isEqualTo("200 hello, world chunked 5 70000 True");
  }

  @Test
  void twistedAgentReadsOurResponses() throws Exception {
    String python = Peers.requirePython("twisted");
    String script = String.join("\n",
        "import sys",
        "from twisted.internet import task, defer",
        "from twisted.web.client import Agent, readBody, ContentDecoderAgent, GzipDecoder",
        "@defer.inlineCallbacks",
        "def main(reactor, port):",
        "    agent = Agent(reactor)",
        "    base = ('http://127.0.0.1:%s' % port).encode()",
        "    r = yield agent.request(b'GET', base + b'/stream')",
        "    body = yield readBody(r)",
        "    gz = ContentDecoderAgent(agent, [(b'gzip', GzipDecoder)])",
        "    r2 = yield gz.request(b'GET', base + b'/gz')",
        "    body2 = yield readBody(r2)",
        "    r3 = yield agent.request(b'HEAD', base + b'/hello')",
        "    body3 = yield readBody(r3)",
        "    print(r.code, body.count(b'chunk'), r2.code, len(body2), r3.code, len(body3))",
        "task.react(main, sys.argv[1:])");

    Processes.Result r = Processes.run(List.of(python, "-c", script, String.valueOf(server.port())));

    assertThat(r.stdout().trim()).as(r.stderr()).isEqualTo("200 5 200 12000 200 0");
  }
}
