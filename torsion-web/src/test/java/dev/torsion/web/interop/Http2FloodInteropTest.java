package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import dev.torsion.web.http2.Http2Limits;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Rapid Reset (CVE-2023-44487), crafted with python3-h2: a client that opens and cancels
 * thousands of streams gets GOAWAY ENHANCE_YOUR_CALM and loses its connection, and a well-behaved
 * client on a new connection is still served.
 */
class Http2FloodInteropTest {
  /** "/" answers at once; "/slow" never does, so a stream is still at work when reset. */
  static final class Site extends Resource {
    @Override public boolean isLeaf() {
      return true;
    }

    @Override protected byte[] renderGet(Request r) {
      if (r.getPath().startsWith("/slow")) {
        return dev.torsion.web.server.Site.NOT_DONE_YET;
      }
      return "ok\n".getBytes(StandardCharsets.UTF_8);
    }
  }

  private static final String FLOOD = String.join("\n",
      "import socket, sys, time",
      "import h2.connection, h2.config, h2.events, h2.errors, h2.exceptions",
      "port = int(sys.argv[1]); n = int(sys.argv[2])",
      "hdrs = [(':method', 'GET'), (':path', '/'), (':scheme', 'http'), (':authority', 'localhost')]",
      "slow = [(':method', 'GET'), (':path', '/slow'), (':scheme', 'http'), (':authority', 'localhost')]",
      "def client():",
      "    s = socket.create_connection(('127.0.0.1', port)); s.settimeout(10)",
      "    c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True, header_encoding='utf-8'))",
      "    c.initiate_connection(); s.sendall(c.data_to_send())",
      "    return s, c",
      "s, c = client()",
      "goaway = None",
      "try:",
      "    for i in range(n):",
      "        sid = c.get_next_available_stream_id()",
      "        c.send_headers(sid, slow, end_stream=True)",
      "        c.reset_stream(sid, error_code=h2.errors.ErrorCodes.CANCEL)",
      "        if i % 50 == 49: s.sendall(c.data_to_send())",
      "    s.sendall(c.data_to_send())",
      "except (BrokenPipeError, ConnectionResetError, h2.exceptions.ProtocolError):",
      "    pass",
      "deadline = time.time() + 10",
      "while goaway is None and time.time() < deadline:",
      "    try: data = s.recv(65536)",
      "    except (socket.timeout, ConnectionResetError): break",
      "    if not data: break",
      "    try:",
      "        for e in c.receive_data(data):",
      "            if isinstance(e, h2.events.ConnectionTerminated): goaway = int(e.error_code)",
      "    except h2.exceptions.ProtocolError: break",
      "print('goaway', goaway)",
      "s2, c2 = client()",
      "c2.send_headers(1, hdrs, end_stream=True); s2.sendall(c2.data_to_send())",
      "status = None",
      "while status is None:",
      "    data = s2.recv(65536)",
      "    if not data: break",
      "    for e in c2.receive_data(data):",
      "        if isinstance(e, h2.events.ResponseReceived): status = dict(e.headers).get(':status')",
      "    s2.sendall(c2.data_to_send())",
      "print('second', status)",
      "");

  @TempDir Path dir;

  @Test
  void rapidResetGetsEnhanceYourCalmAndOthersAreStillServed() throws Exception {
    String python = Peers.requirePython("h2");
    Path script = dir.resolve("flood.py");
    Files.writeString(script, FLOOD);
    try (RealServer s = new RealServer(new Site(), site -> site.setHttp2Limits(Http2Limits.defaults()))) {
      Processes.Result r = Processes.run(List.of(python, script.toString(),
          String.valueOf(s.port()), "5000"));

      assertThat(r.stdout()).as(r.stdout() + r.stderr()).contains("goaway 11").contains("second 200");
    }
  }
}
