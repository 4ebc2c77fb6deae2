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
 * examples/WebSocketEcho.java, run as {@code ./torsion run examples/WebSocketEcho.java --
 * tcp:PORT}, against python3-websockets (Debian's) as the client: permessage-deflate (RFC 7692),
 * which the Autobahn suite on Maven Central has no cases for ({@link WebSocketEchoAutobahnTest}),
 * its parameters, a deflate bomb, fragments, pings and the close handshake; and curl, which
 * gets 426 Upgrade Required for a plain GET.
 */
class WebSocketEchoInteropTest {
  /** Each check prints "ok NAME" or raises; the test compares the list of lines. */
  private static final String CLIENT = """
      import asyncio, os, sys
      import websockets
      from websockets.extensions.permessage_deflate import ClientPerMessageDeflateFactory
      URL = sys.argv[1]

      def extensions(ws):
          return ws.response_headers.get('Sec-WebSocket-Extensions')

      async def echoes(ws, messages):
          for m in messages:
              await ws.send(m)
              back = await ws.recv()
              assert back == m, (type(m), len(m), type(back), len(back))

      MESSAGES = ['', 'h\\u00e9llo \\u2603 \\U0001F600', 'a' * 125, 'b' * 126, 'c' * 65536,
                  b'', os.urandom(1), os.urandom(65535), os.urandom(1 << 20), bytes(1 << 20),
                  ('chat line %d\\n' % 7) * 5000]

      async def main():
          # Default client: offers permessage-deflate with client_max_window_bits.
          async with websockets.connect(URL, max_size=1 << 24) as ws:
              assert extensions(ws).startswith('permessage-deflate'), extensions(ws)
              await echoes(ws, MESSAGES * 2)   # twice: the contexts carry over between messages
              print('ok deflate echo')
              await ws.send(['fragm', 'ented ', 'text'])   # one message in three frames
              assert await ws.recv() == 'fragmented text'
              await ws.send([os.urandom(1000), bytes(3000)])
              assert len(await ws.recv()) == 4000
              print('ok deflate fragments')
              pong = await ws.ping(b'are you there')
              await asyncio.wait_for(pong, 10)
              print('ok ping')
              await ws.close(4000, 'bye')
              assert ws.close_code == 4000, ws.close_code
              print('ok close code echoed')

          # Both no_context_takeover parameters: the server resets after each message.
          f = ClientPerMessageDeflateFactory(server_no_context_takeover=True,
                                             client_no_context_takeover=True)
          async with websockets.connect(URL, extensions=[f], max_size=1 << 24) as ws:
              ext = extensions(ws)
              assert 'server_no_context_takeover' in ext and 'client_no_context_takeover' in ext, ext
              await echoes(ws, MESSAGES)
              print('ok no context takeover')

          # A server window below 15 bits is declined (the JDK's Deflater cannot make one):
          # the connection goes on uncompressed.
          f = ClientPerMessageDeflateFactory(server_max_window_bits=10)
          async with websockets.connect(URL, extensions=[f], max_size=1 << 24) as ws:
              assert extensions(ws) is None, extensions(ws)
              await echoes(ws, MESSAGES)
              print('ok small server window declined')

          async with websockets.connect(URL, compression=None, max_size=1 << 24) as ws:
              assert extensions(ws) is None, extensions(ws)
              await echoes(ws, MESSAGES)
              print('ok uncompressed')

          # 17 MiB of zeros deflates to a few KiB; inflating past the 16 MiB limit is 1009.
          async with websockets.connect(URL) as ws:
              await ws.send(bytes(17 << 20))
              try:
                  await ws.recv()
                  raise AssertionError('the bomb was echoed')
              except websockets.ConnectionClosedError as e:
                  assert e.rcvd.code == 1009, e
              print('ok deflate bomb 1009')

      asyncio.run(main())
      """;

  @TempDir Path dir;

  @Test
  void pythonWebsocketsEchoesThroughPermessageDeflate() throws Exception {
    String python = Peers.requirePython("websockets");
    String curl = Peers.require("curl");
    Path script = Files.writeString(dir.resolve("client.py"), CLIENT);
    try (ExampleProcess server = ExampleProcess.torsion(new String[0],
        "run", "examples/WebSocketEcho.java", "--", "tcp:0:interface=127.0.0.1")) {
      int port = server.awaitListeningPort();
      PeerProcess.Result client = PeerProcess.run(
          List.of(python, script.toString(), "ws://127.0.0.1:" + port + "/echo"));
      assertThat(client.exit()).as(client.all() + "\nserver:\n" + server.output()).isZero();
      assertThat(client.stdout().lines()).containsExactly("ok deflate echo",
          "ok deflate fragments", "ok ping", "ok close code echoed", "ok no context takeover",
          "ok small server window declined", "ok uncompressed", "ok deflate bomb 1009");

      // A browser (or curl) visiting the URL learns what it is.
      PeerProcess.Result plain = PeerProcess.run(
          List.of(curl, "-sS", "-i", "http://127.0.0.1:" + port + "/echo"));
      assertThat(plain.stdout()).as(plain.all()).startsWith("HTTP/1.1 426 Upgrade Required\r\n")
          .contains("Upgrade: websocket");

      server.terminate();
      assertThat(server.waitFor()).as(server.output()).isZero();
    }
  }
}
