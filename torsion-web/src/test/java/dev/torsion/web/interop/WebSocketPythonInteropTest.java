package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.Peers;
import dev.torsion.web.server.Resource;
import dev.torsion.web.websocket.WebSocketClient;
import dev.torsion.web.websocket.WebSocketOptions;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.security.MessageDigest;
import java.util.HexFormat;
import java.util.List;
import java.util.Random;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Python's websockets library (Debian's python3-websockets) as the peer both ways: its server
 * against Torsion's client, its client against Torsion's server, with text, binary, fragmented,
 * large and compressed (permessage-deflate) messages, pings and close codes from either side.
 */
class WebSocketPythonInteropTest {
  /** An echo server: "please close CODE REASON" closes, "fragmented please" answers in pieces. */
  private static final String PYTHON_SERVER = String.join("\n",
      "import asyncio, sys, websockets",
      "async def handler(ws, path=None):",
      "    print('open', ws.path, ws.response_headers.get('Sec-WebSocket-Extensions'), flush=True)",
      "    try:",
      "        async for m in ws:",
      "            if isinstance(m, str) and m.startswith('please close '):",
      "                _, _, code, reason = m.split(' ', 3)",
      "                await ws.close(int(code), reason)",
      "                break",
      "            if m == 'fragmented please':",
      "                await ws.send(['frag', 'mented ', 'reply'])",
      "                continue",
      "            await ws.send(m)",
      "    except websockets.ConnectionClosed:",
      "        pass  # a close code other than 1000 ends the loop this way",
      "    await ws.wait_closed()",
      "    print('closed', ws.close_code, ws.close_reason, flush=True)",
      "async def main():",
      "    async with websockets.serve(handler, '127.0.0.1', 0, max_size=None) as server:",
      "        print('listening', server.sockets[0].getsockname()[1], flush=True)",
      "        await asyncio.Future()",
      "asyncio.run(main())");

  private static final String PYTHON_CLIENT = String.join("\n",
      "import asyncio, hashlib, random, sys, websockets",
      "async def main(url):",
      "    async with websockets.connect(url, max_size=None) as ws:",
      "        print('ext', ws.response_headers.get('Sec-WebSocket-Extensions'))",
      "        await ws.send('héllo'); print('text', await ws.recv())",
      "        b = bytes(range(256)) * 40",
      "        await ws.send(b); r = await ws.recv(); print('binary', type(r).__name__, r == b)",
      "        await ws.send(['frag', 'mented ', 'text']); print('fragmented', await ws.recv())",
      "        big = random.Random(1).randbytes(3 << 20)",
      "        await ws.send(big); r = await ws.recv(); print('large', len(r), r == big)",
      "        waiter = await ws.ping(b'are you there'); await waiter; print('pong')",
      "        await ws.close(4000, 'bye'); print('closed', ws.close_code, ws.close_reason)",
      "    async with websockets.connect(url) as ws:",
      "        await ws.send('please close 4002 going now')",
      "        try:",
      "            await ws.recv()",
      "        except websockets.ConnectionClosed as e:",
      "            print('server closed', e.code, e.reason)",
      "asyncio.run(main(sys.argv[1]))");

  @TempDir Path tmp;
  private RealServer server;
  private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();

  /** Echoes messages and records them; "please close CODE REASON" closes with that code. */
  private final class Echo extends WebSocketProtocol {
    @Override public void textMessageReceived(String message) {
      serverEvents.add("text " + message.length());
      if (message.startsWith("please close ")) {
        String[] parts = message.split(" ", 4);
        close(Integer.parseInt(parts[2]), parts[3]);
        return;
      }
      sendText(message);
    }

    @Override public void binaryMessageReceived(byte[] message) {
      serverEvents.add("binary " + message.length);
      sendBinary(message);
    }

    @Override public void onClose(int code, String reason) {
      serverEvents.add("close " + code + " " + reason);
    }
  }

  /** A client protocol whose callbacks a test reads in order, with a deadline. */
  static final class Collector extends WebSocketProtocol {
    final BlockingQueue<String> events = new LinkedBlockingQueue<>();

    @Override public void textMessageReceived(String message) {
      events.add("text " + (message.length() > 100 ? "of " + message.length() : message));
    }

    @Override public void binaryMessageReceived(byte[] message) {
      events.add("binary " + message.length + " " + sha256(message));
    }

    @Override public void onPong(byte[] payload) {
      events.add("pong " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override public void onClose(int code, String reason) {
      events.add("close " + code + " " + reason);
    }

    String next() throws InterruptedException {
      String e = events.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("an event in time").isNotNull();
      return e;
    }
  }

  static String sha256(byte[] data) {
    try {
      return HexFormat.of().formatHex(MessageDigest.getInstance("SHA-256").digest(data), 0, 8);
    } catch (java.security.NoSuchAlgorithmException e) {
      throw new AssertionError(e);
    }
  }

  @BeforeEach
  void start() {
    Resource root = new Resource();
    // Our answers go out in 4 KiB frames, so the peer reassembles fragments too.
    root.putChild("echo", new WebSocketResource(r -> new Echo(),
        WebSocketOptions.builder().outgoingFragmentSize(4096).build()));
    server = new RealServer(root, site -> { });
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private String nextServerEvent() throws InterruptedException {
    String e = serverEvents.poll(10, TimeUnit.SECONDS);
    assertThat(e).as("a server event in time").isNotNull();
    return e;
  }

  @Test
  void pythonClientExchangesEveryKindOfMessageWithOurServer() throws Exception {
    String python = Peers.requirePython("websockets");
    Path script = Files.writeString(tmp.resolve("client.py"), PYTHON_CLIENT);

    Processes.Result r = Processes.run(List.of(python, script.toString(),
        "ws://127.0.0.1:" + server.port() + "/echo"));

    String out = new String(r.stdout().getBytes(StandardCharsets.ISO_8859_1), StandardCharsets.UTF_8);
    assertThat(out.lines()).as(r.stderr()).containsExactly(
        "ext permessage-deflate",
        "text héllo",
        "binary bytes True",
        "fragmented fragmented text",
        "large 3145728 True",
        "pong",
        "closed 4000 ", // we echo the code, not the reason (RFC 6455 5.5.1)
        "server closed 4002 going now");
    assertThat(List.of(nextServerEvent(), nextServerEvent(), nextServerEvent(), nextServerEvent(),
        nextServerEvent())).containsExactly("text 5", "binary 10240", "text 15",
        "binary 3145728", "close 4000 bye");
    assertThat(List.of(nextServerEvent(), nextServerEvent())).containsExactly("text 27",
        "close 4002 going now");
  }

  @Test
  void ourClientExchangesEveryKindOfMessageWithPythonsServer() throws Exception {
    String python = Peers.requirePython("websockets");
    Path script = Files.writeString(tmp.resolve("server.py"), PYTHON_SERVER);
    try (PeerProcess peer = new PeerProcess(List.of(python, script.toString()),
        tmp.resolve("server.log"))) {
      String listening = peer.nextLine();
      assertThat(listening).startsWith("listening ");
      String url = "ws://127.0.0.1:" + listening.substring("listening ".length()) + "/echo";
      WebSocketOptions options = WebSocketOptions.builder().outgoingFragmentSize(1000).build();
      Collector client = new Collector();
      server.call(() -> WebSocketClient.connect(server.reactor, url, client, options));
      assertThat(peer.nextLine()).startsWith("open /echo permessage-deflate");
      assertThat(client.getTransport().getExtensions()).startsWith("permessage-deflate");

      byte[] binary = new byte[100_000];
      new Random(3).nextBytes(binary);
      byte[] large = new byte[5 << 20];
      new Random(4).nextBytes(large);
      String text = "příliš žluťoučký kůň ".repeat(100_000);
      server.reactor.callFromThread(() -> {
        client.sendText("héllo");
        client.sendBinary(binary.clone());
        client.sendText(text); // sent in 1000-byte fragments, compressed
        client.sendBinary(large.clone());
        client.sendText("fragmented please");
        client.ping("ping?".getBytes(StandardCharsets.UTF_8));
      });
      List<String> got = new java.util.ArrayList<>();
      for (int i = 0; i < 6; i++) {
        got.add(client.next());
      }
      // Messages come back in order; the pong may overtake them (a control frame, 5.4).
      assertThat(got).contains("pong ping?");
      assertThat(got.stream().filter(e -> !e.startsWith("pong"))).containsExactly("text héllo",
          "binary 100000 " + sha256(binary), "text of " + text.length(),
          "binary " + large.length + " " + sha256(large), "text fragmented reply");

      server.reactor.callFromThread(() -> client.close(4001, "done"));
      assertThat(client.next()).isEqualTo("close 4001 done");
      assertThat(peer.nextLine()).isEqualTo("closed 4001 done");

      Collector second = new Collector();
      server.call(() -> WebSocketClient.connect(server.reactor, url, second,
          WebSocketOptions.builder().perMessageDeflate(false).build()));
      assertThat(peer.nextLine()).isEqualTo("open /echo None");
      server.reactor.callFromThread(() -> second.sendText("please close 4003 server says bye"));
      assertThat(second.next()).isEqualTo("close 4003 server says bye");
      assertThat(peer.nextLine()).isEqualTo("closed 4003 "); // our echo carries the code only
    }
  }
}
