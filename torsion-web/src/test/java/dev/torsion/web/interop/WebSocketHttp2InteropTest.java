package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.trial.Peers;
import dev.torsion.web.server.Request;
import dev.torsion.web.server.Resource;
import dev.torsion.web.websocket.WebSocketOptions;
import dev.torsion.web.websocket.WebSocketProtocol;
import dev.torsion.web.websocket.WebSocketResource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.BlockingQueue;
import java.util.concurrent.LinkedBlockingQueue;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * WebSocket over HTTP/2 (RFC 8441) with a real peer: python3-h2 as the client, with frames it
 * masks itself, against a Site on a real reactor, over h2c (prior knowledge) and over TLS with
 * ALPN h2. Two WebSockets run on one connection at once (text, binary, a fragmented message, a
 * ping), a plain GET is answered beside them, and each WebSocket ends with a 1000 close
 * handshake and END_STREAM both ways, no RST_STREAM.
 */
class WebSocketHttp2InteropTest {
  @TempDir Path tmp;
  private final BlockingQueue<String> serverEvents = new LinkedBlockingQueue<>();

  private static final String CLIENT = """
      import os, socket, ssl, struct, sys
      import h2.config, h2.connection, h2.events
      sys.stdout.reconfigure(encoding="utf-8")
      mode, port = sys.argv[1], int(sys.argv[2])
      s = socket.create_connection(("127.0.0.1", port), timeout=10)
      if mode == "tls":
          ctx = ssl.create_default_context(cafile=sys.argv[3])
          ctx.set_alpn_protocols(["h2"])
          s = ctx.wrap_socket(s, server_hostname="localhost")
          print("alpn", s.selected_alpn_protocol())
      c = h2.connection.H2Connection(h2.config.H2Configuration(client_side=True,
                                                                header_encoding="utf-8"))
      c.initiate_connection()
      s.sendall(c.data_to_send())
      heads, bufs, msgs, ended, resets, bodies = {}, {}, {}, set(), [], {}
      settings = []

      def frame(opcode, payload, fin=True):
          # RFC 6455 5.2, masked as every client frame must be (5.3), over HTTP/2 too
          mask = os.urandom(4)
          n = len(payload)
          head = bytes([(0x80 if fin else 0) | opcode])
          if n < 126:
              head += bytes([0x80 | n])
          elif n < 65536:
              head += bytes([0x80 | 126]) + struct.pack("!H", n)
          else:
              head += bytes([0x80 | 127]) + struct.pack("!Q", n)
          return head + mask + bytes(b ^ mask[i % 4] for i, b in enumerate(payload))

      def parse(sid):
          buf = bufs[sid]
          while len(buf) >= 2:
              if buf[1] & 0x80:
                  raise SystemExit("the server masked a frame")
              n, off = buf[1] & 0x7F, 2
              if n == 126:
                  if len(buf) < 4: return
                  n, off = struct.unpack("!H", buf[2:4])[0], 4
              elif n == 127:
                  if len(buf) < 10: return
                  n, off = struct.unpack("!Q", buf[2:10])[0], 10
              if len(buf) < off + n: return
              msgs.setdefault(sid, []).append((buf[0] & 0x0F, bytes(buf[off:off + n])))
              del buf[:off + n]

      def pump(done):
          while not done():
              data = s.recv(65535)
              if not data:
                  raise SystemExit("connection closed by the server")
              for e in c.receive_data(data):
                  if isinstance(e, h2.events.RemoteSettingsChanged):
                      settings.append(c.remote_settings.enable_connect_protocol)
                  elif isinstance(e, h2.events.ResponseReceived):
                      heads[e.stream_id] = dict(e.headers)
                  elif isinstance(e, h2.events.DataReceived):
                      c.acknowledge_received_data(e.flow_controlled_length, e.stream_id)
                      if e.stream_id in bodies:
                          bodies[e.stream_id] += e.data
                      else:
                          bufs.setdefault(e.stream_id, bytearray()).extend(e.data)
                          parse(e.stream_id)
                  elif isinstance(e, h2.events.StreamEnded):
                      ended.add(e.stream_id)
                  elif isinstance(e, h2.events.StreamReset):
                      resets.append((e.stream_id, e.error_code))
              s.sendall(c.data_to_send())

      def send(sid, data, end=False):
          # in DATA frames of at most the default SETTINGS_MAX_FRAME_SIZE
          for i in range(0, len(data), 16384):
              c.send_data(sid, data[i:i + 16384], end_stream=end and i + 16384 >= len(data))

      def count(sid):
          return len(msgs.get(sid, []))

      pump(lambda: settings)
      print("enable_connect_protocol", settings[-1])
      scheme = "https" if mode == "tls" else "http"
      for sid in (1, 3):
          c.send_headers(sid, [(":method", "CONNECT"), (":protocol", "websocket"),
                               (":scheme", scheme), (":authority", "localhost"),
                               (":path", "/ws"), ("sec-websocket-version", "13"),
                               ("sec-websocket-protocol", "chat")])
      s.sendall(c.data_to_send())
      pump(lambda: 1 in heads and 3 in heads)
      for sid in (1, 3):
          h = heads[sid]
          print("response", sid, h[":status"], "accept" in " ".join(h), h.get("sec-websocket-protocol"))

      # Both WebSockets at once: stream 1's messages interleave with stream 3's on the wire.
      blob = bytes(range(256)) * 100  # within the 64 KiB windows, sent at once
      send(1, frame(0x1, "héllo over h2".encode()))
      send(3, frame(0x1, b"second stream"))
      send(1, frame(0x2, blob))
      send(3, frame(0x9, b"are you there"))
      send(1, frame(0x1, b"frag", fin=False) + frame(0x9, b"mid") + frame(0x0, b"mented"))
      s.sendall(c.data_to_send())
      pump(lambda: count(1) >= 4 and count(3) >= 2)
      for sid in (1, 3):
          for op, payload in msgs[sid]:
              if op == 0x2:
                  print(sid, "binary", len(payload), payload == blob)
              else:
                  print(sid, {0x1: "text", 0xA: "pong"}[op], payload.decode())
      msgs.clear()

      # A plain GET on the same connection, beside the two WebSockets.
      bodies[5] = b""
      c.send_headers(5, [(":method", "GET"), (":scheme", scheme), (":authority", "localhost"),
                         (":path", "/plain")], end_stream=True)
      s.sendall(c.data_to_send())
      pump(lambda: 5 in ended)
      print("get", heads[5][":status"], bodies[5].decode().strip())

      # The close handshakes: stream 1 ends its side after the echo, stream 3 with its close.
      send(1, frame(0x8, struct.pack("!H", 1000) + b"done"))
      send(3, frame(0x8, struct.pack("!H", 1000)), end=True)
      s.sendall(c.data_to_send())
      pump(lambda: 1 in ended and 3 in ended)
      c.end_stream(1)
      s.sendall(c.data_to_send())
      for sid in (1, 3):
          (op, payload), = msgs[sid]
          print(sid, "close", op, struct.unpack("!H", payload[:2])[0], "ended")
      c.ping(b"12345678")  # a round trip, so that a RST_STREAM for stream 1 would be seen
      s.sendall(c.data_to_send())
      pong = False
      while not pong:
          data = s.recv(65535)
          if not data:
              break
          for e in c.receive_data(data):
              if isinstance(e, h2.events.PingAckReceived):
                  pong = True
              elif isinstance(e, h2.events.StreamReset):
                  resets.append((e.stream_id, e.error_code))
      print("resets", resets)
      c.close_connection()
      s.sendall(c.data_to_send())
      s.close()
      """;

  private final class Echo extends WebSocketProtocol {
    private final String proto;

    Echo(Request request) {
      proto = request.getClientProto();
    }

    @Override public void onOpen() {
      serverEvents.add("open " + proto + " " + transport.getSubprotocol());
    }

    @Override public void textMessageReceived(String message) {
      sendText(message);
    }

    @Override public void binaryMessageReceived(byte[] message) {
      sendBinary(message);
    }

    @Override public void onClose(int code, String reason) {
      serverEvents.add("close " + code + " " + reason);
    }
  }

  private Resource root() {
    Resource root = new Resource();
    root.putChild("ws", new WebSocketResource(Echo::new,
        WebSocketOptions.builder().subprotocols(List.of("chat")).build()));
    root.putChild("plain", new Resource() {
      @Override public boolean isLeaf() {
        return true;
      }

      @Override protected byte[] renderGet(Request r) {
        return ("plain over " + r.getClientProto() + "\n").getBytes(StandardCharsets.UTF_8);
      }
    });
    return root;
  }

  private static final String EXPECTED = """
      enable_connect_protocol 1
      response 1 200 False chat
      response 3 200 False chat
      1 text héllo over h2
      1 binary 25600 True
      1 pong mid
      1 text fragmented
      3 text second stream
      3 pong are you there
      get 200 plain over HTTP/2
      1 close 8 1000 ended
      3 close 8 1000 ended
      resets []
      """;

  private void assertServerSawTwoWebSocketsOverHttp2() throws InterruptedException {
    List<String> seen = new ArrayList<>();
    for (int i = 0; i < 4; i++) {
      String e = serverEvents.poll(10, TimeUnit.SECONDS);
      assertThat(e).as("server events so far: " + seen).isNotNull();
      seen.add(e);
    }
    assertThat(seen).containsExactlyInAnyOrder("open HTTP/2 chat", "open HTTP/2 chat",
        "close 1000 done", "close 1000 ");
  }

  @Test
  void python3H2RunsTwoWebSocketsAndAGetOnOneH2cConnection() throws Exception {
    String python = Peers.requirePython("h2");
    Path script = Files.writeString(tmp.resolve("client.py"), CLIENT);
    try (RealServer server = new RealServer(root(), site -> { })) {
      Processes.Result r = Processes.run(List.of(python, script.toString(), "h2c",
          String.valueOf(server.port())));

      assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
      assertThat(new String(r.stdout().getBytes(StandardCharsets.ISO_8859_1),
          StandardCharsets.UTF_8)).isEqualTo(EXPECTED);
      assertServerSawTwoWebSocketsOverHttp2();
    }
  }

  @Test
  void python3H2RunsTwoWebSocketsAndAGetOverTlsWithAlpnH2() throws Exception {
    String python = Peers.requirePython("h2");
    Path script = Files.writeString(tmp.resolve("client.py"), CLIENT);
    SelfSignedCertificate ca = SelfSignedCertificate.builder().commonName("Torsion test CA")
        .certificateAuthority(true).build();
    SelfSignedCertificate leaf = SelfSignedCertificate.builder().names("localhost").signedBy(ca)
        .build();
    Path pem = tmp.resolve("server.pem");
    leaf.writePem(pem);
    Path caFile = Files.writeString(tmp.resolve("ca.pem"), ca.certificatePem());
    try (RealServer server = new RealServer(root(), site -> { }, "ssl:0:interface=127.0.0.1:"
        + "privateKey=" + Endpoints.quoteStringArgument(pem.toString()))) {
      Processes.Result r = Processes.run(List.of(python, script.toString(), "tls",
          String.valueOf(server.port()), caFile.toString()));

      assertThat(r.exit()).as(r.stdout() + r.stderr()).isZero();
      assertThat(new String(r.stdout().getBytes(StandardCharsets.ISO_8859_1),
          StandardCharsets.UTF_8)).isEqualTo("alpn h2\n" + EXPECTED);
      assertServerSawTwoWebSocketsOverHttp2();
    }
  }
}
