package dev.torsion.web.websocket;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.internet.ConnectionLost;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.TimeoutError;
import dev.torsion.internet.task.Clock;
import dev.torsion.trial.IOPump;
import dev.torsion.trial.StringTransport;
import dev.torsion.web.Headers;
import dev.torsion.web.server.Resource;
import dev.torsion.web.server.Site;
import dev.torsion.web.websocket.internal.ClientHandshake;
import dev.torsion.web.websocket.internal.FrameWriter;
import dev.torsion.web.websocket.internal.Handshake;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

/**
 * The client: its handshake checks and framing on a StringTransport (bytes as a server would
 * send them), and both roles together, Torsion's client against Torsion's server over IOPump.
 */
class WebSocketClientTest {
  private final Clock clock = new Clock();
  private final List<String> events = new ArrayList<>();
  private final Deferred<WebSocketProtocol> ready = new Deferred<>();
  private final StringTransport transport = new StringTransport();
  private Throwable failure;

  /** Records what it is told, as "text x", "binary n", "close code reason". */
  private final class Recorder extends WebSocketProtocol {
    private final String side;

    Recorder(String side) {
      this.side = side;
    }

    @Override public void onOpen() {
      events.add(side + " open");
    }

    @Override public void textMessageReceived(String message) {
      events.add(side + " text " + message);
    }

    @Override public void binaryMessageReceived(byte[] message) {
      events.add(side + " binary " + message.length);
    }

    @Override public void onPong(byte[] payload) {
      events.add(side + " pong " + new String(payload, StandardCharsets.UTF_8));
    }

    @Override public void onClose(int code, String reason) {
      events.add(side + " close " + code + " " + reason);
    }
  }

  /** Echoes every message back, recording it first. */
  private final class Echo extends WebSocketProtocol {
    @Override public void textMessageReceived(String message) {
      events.add("server text " + message.length());
      sendText(message);
    }

    @Override public void binaryMessageReceived(byte[] message) {
      events.add("server binary " + message.length);
      sendBinary(message);
    }

    @Override public void onClose(int code, String reason) {
      events.add("server close " + code + " " + reason);
    }
  }

  private ClientHandshake handshake;

  private ClientHandshake handshake(WebSocketProtocol protocol, WebSocketOptions options) {
    ready.addErrback(f -> {
      failure = f.value();
      return null;
    });
    handshake = new ClientHandshake(protocol, options, clock, "ws://x/chat", "x", "/chat",
        new Headers().set("Authorization", "Bearer t"), ready);
    return handshake;
  }

  /** A client on the StringTransport, its request read; returns the key it sent. */
  private String started(ClientHandshake h) {
    h.makeConnection(transport);
    Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n").matcher(transport.valueString());
    assertThat(m.find()).isTrue();
    transport.clear();
    currentKey = m.group(1);
    return currentKey;
  }

  private static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  private static String switching(String key, String extra) {
    return "HTTP/1.1 101 Switching Protocols\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: " + Handshake.accept(key) + "\r\n" + extra + "\r\n";
  }

  private static byte[] serverFrame(int b0, byte[] payload) {
    byte[] h = FrameWriter.header(true, false, 0, payload.length, null);
    h[0] = (byte) b0;
    byte[] all = Arrays.copyOf(h, h.length + payload.length);
    System.arraycopy(payload, 0, all, h.length, payload.length);
    return all;
  }

  /** The frames the client wrote: {mask key as int, opcode, unmasked payload...} checked masked. */
  private static List<byte[]> clientFrames(byte[] out, List<Integer> keys) {
    List<byte[]> frames = new ArrayList<>();
    int p = 0;
    while (p < out.length) {
      assertThat(out[p + 1] & 0x80).as("client frames are masked (RFC 6455 5.3)").isNotZero();
      int len = out[p + 1] & 0x7F;
      int at = p + 2;
      if (len == 126) {
        len = ((out[at] & 0xFF) << 8) | (out[at + 1] & 0xFF);
        at += 2;
      }
      byte[] mask = Arrays.copyOfRange(out, at, at + 4);
      keys.add(((mask[0] & 0xFF) << 24) | ((mask[1] & 0xFF) << 16) | ((mask[2] & 0xFF) << 8)
          | (mask[3] & 0xFF));
      byte[] payload = new byte[len + 1];
      payload[0] = out[p];
      for (int i = 0; i < len; i++) {
        payload[i + 1] = (byte) (out[at + 4 + i] ^ mask[i & 3]);
      }
      frames.add(payload);
      p = at + 4 + len;
    }
    return frames;
  }

  @Test
  void theRequestIsAnRfc6455OpeningHandshakeWithTheOptionsAndExtraHeaders() {
    WebSocketOptions options = WebSocketOptions.builder().origin("https://app.example")
        .subprotocols(List.of("chat.v2", "chat.v1")).build();
    handshake(new Recorder("client"), options).makeConnection(transport);

    String request = transport.valueString();
    assertThat(request).startsWith("GET /chat HTTP/1.1\r\nHost: x\r\n")
        .contains("Upgrade: websocket\r\n", "Connection: Upgrade\r\n",
            "Sec-WebSocket-Version: 13\r\n", "Origin: https://app.example\r\n",
            "Sec-WebSocket-Protocol: chat.v2, chat.v1\r\n",
            "Sec-WebSocket-Extensions: permessage-deflate\r\n", "Authorization: Bearer t\r\n")
        .endsWith("\r\n\r\n");
    Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n").matcher(request);
    assertThat(m.find()).isTrue();
    assertThat(Handshake.isValidKey(m.group(1))).isTrue();
  }

  @Test
  void aGood101OpensTheProtocolAndFramesBehindItAreRead() {
    Recorder client = new Recorder("client");
    String key = started(handshake(client, WebSocketOptions.builder()
        .subprotocols(List.of("chat.v1")).build()));
    byte[] head = bytes(switching(key, "Sec-WebSocket-Protocol: chat.v1\r\n"));
    byte[] frame = serverFrame(0x81, bytes("hi"));
    byte[] both = Arrays.copyOf(head, head.length + frame.length);
    System.arraycopy(frame, 0, both, head.length, frame.length);
    handshake.dataReceived(both);

    assertThat(ready.called()).isTrue();
    assertThat(failure).isNull();
    assertThat(events).containsExactly("client open", "client text hi");
    assertThat(client.getTransport().getSubprotocol()).isEqualTo("chat.v1");
    assertThat(client.getTransport().getExtensions()).isNull();
  }

  @Test
  void everyClientFrameIsMaskedWithAFreshKey() {
    Recorder client = new Recorder("client");
    started(handshake(client, WebSocketOptions.defaults()));
    handshake.dataReceived(bytes(switching(currentKey, "")));
    for (int i = 0; i < 20; i++) {
      client.sendText("message " + i);
    }

    List<Integer> keys = new ArrayList<>();
    List<byte[]> frames = clientFrames(transport.value(), keys);
    assertThat(frames).hasSize(20);
    assertThat(new String(frames.get(7), 1, frames.get(7).length - 1, StandardCharsets.UTF_8))
        .isEqualTo("message 7");
    Set<Integer> distinct = new HashSet<>(keys);
    assertThat(distinct.size()).as("20 random 32-bit keys, all different").isEqualTo(20);
  }

  private String currentKey;

  @Test
  void aMaskedServerFrameFailsTheConnectionWith1002() {
    Recorder client = new Recorder("client");
    started(handshake(client, WebSocketOptions.defaults()));
    handshake.dataReceived(bytes(switching(currentKey, "")));
    handshake.dataReceived(new byte[] {(byte) 0x81, (byte) 0x81, 1, 2, 3, 4, 'a' ^ 1});

    List<byte[]> frames = clientFrames(transport.value(), new ArrayList<>());
    assertThat(frames).hasSize(1);
    assertThat(frames.get(0)[0] & 0x0F).isEqualTo(8);
    assertThat(((frames.get(0)[1] & 0xFF) << 8) | (frames.get(0)[2] & 0xFF)).isEqualTo(1002);
    assertThat(transport.disconnecting).isTrue();
  }

  private Throwable refused(WebSocketOptions options, String response) {
    Recorder client = new Recorder("client");
    started(handshake(client, options));
    handshake.dataReceived(bytes(response.replace("KEY", Handshake.accept(currentKey))));
    assertThat(transport.aborted).as("the attempt drops the connection").isTrue();
    assertThat(events).as("the protocol never opened").isEmpty();
    return failure;
  }

  @Test
  void aWrongAcceptIsRefused() {
    Throwable e = refused(WebSocketOptions.defaults(), "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\n"
        + "Connection: Upgrade\r\nSec-WebSocket-Accept: s3pPLMBiTxaQ9kYGzzhZRbK+xOo=\r\n\r\n");

    assertThat(e).isInstanceOf(WebSocketHandshakeError.class).hasMessageContaining("Accept");
    assertThat(((WebSocketHandshakeError) e).status()).isEqualTo(101);
  }

  @Test
  void aRefusalReportsItsStatus() {
    Throwable e = refused(WebSocketOptions.defaults(),
        "HTTP/1.1 403 Forbidden\r\nContent-Length: 5\r\n\r\nnope\n");

    assertThat(e).isInstanceOf(WebSocketHandshakeError.class).hasMessageContaining("403 Forbidden");
    assertThat(((WebSocketHandshakeError) e).status()).isEqualTo(403);
  }

  @Test
  void a101WithoutUpgradeOrConnectionIsRefused() {
    assertThat(refused(WebSocketOptions.defaults(), "HTTP/1.1 101 OK\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: KEY\r\n\r\n")).hasMessageContaining("Upgrade: websocket");
  }

  @Test
  void aSubprotocolWeDidNotOfferIsRefused() {
    Throwable e = refused(WebSocketOptions.builder().subprotocols(List.of("a")).build(),
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: KEY\r\nSec-WebSocket-Protocol: b\r\n\r\n");

    assertThat(e).hasMessageContaining("subprotocol we did not offer: b");
  }

  @Test
  void anExtensionWeDidNotOfferIsRefused() {
    Throwable e = refused(WebSocketOptions.builder().perMessageDeflate(false).build(),
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: KEY\r\nSec-WebSocket-Extensions: permessage-deflate\r\n\r\n");

    assertThat(e).hasMessageContaining("extensions we did not offer");
  }

  @Test
  void aDeflateParameterWeCannotHonourIsRefused() {
    // client_max_window_bits in an answer would make our (JDK, 15-bit) compressor wrong.
    Throwable e = refused(WebSocketOptions.defaults(),
        "HTTP/1.1 101 OK\r\nUpgrade: websocket\r\nConnection: Upgrade\r\n"
        + "Sec-WebSocket-Accept: KEY\r\n"
        + "Sec-WebSocket-Extensions: permessage-deflate; client_max_window_bits=10\r\n\r\n");

    assertThat(e).hasMessageContaining("client_max_window_bits");
  }

  @Test
  void aHandshakeResponsePastTheLimitIsRefusedBeforeItEnds() {
    Recorder client = new Recorder("client");
    started(handshake(client, WebSocketOptions.builder().maxHandshakeResponseBytes(1024).build()));
    handshake.dataReceived(bytes("HTTP/1.1 101 OK\r\n"));
    for (int i = 0; i < 100 && !transport.aborted; i++) {
      handshake.dataReceived(bytes("X-Filler: " + "y".repeat(50) + "\r\n"));
    }

    assertThat(transport.aborted).isTrue();
    assertThat(failure).isInstanceOf(WebSocketHandshakeError.class);
    assertThat(((WebSocketHandshakeError) failure).status()).isZero();
  }

  @Test
  void noAnswerWithinTheHandshakeTimeoutIsATimeoutError() {
    started(handshake(new Recorder("client"), WebSocketOptions.builder()
        .handshakeTimeout(5).build()));
    clock.advance(4.9);
    assertThat(ready.called()).isFalse();
    clock.advance(0.2);

    assertThat(failure).isInstanceOf(TimeoutError.class);
    assertThat(transport.aborted).isTrue();
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  @Test
  void theServerClosingDuringTheHandshakeIsConnectionLost() {
    ClientHandshake h = handshake(new Recorder("client"), WebSocketOptions.defaults());
    started(h);
    h.transportClosed(Failure.of(new ConnectionLost("reset")));

    assertThat(failure).isInstanceOf(ConnectionLost.class);
    assertThat(clock.getDelayedCalls()).isEmpty();
  }

  // ---- both roles, over IOPump -------------------------------------------------------------

  private IOPump pair(Recorder client, WebSocketOptions serverOptions, WebSocketOptions clientOptions) {
    Resource root = new Resource();
    root.putChild("chat", new WebSocketResource(r -> new Echo(), serverOptions));
    Site site = new Site(root, clock);
    IOPump pump = IOPump.connect(site.buildProtocol(null), handshake(client, clientOptions));
    pump.flush();
    return pump;
  }

  @Test
  void againstOurServerMessagesOfEveryKindEchoWithDeflateAndFragments() {
    Recorder client = new Recorder("client");
    WebSocketOptions fragmenting = WebSocketOptions.builder().outgoingFragmentSize(1000).build();
    IOPump pump = pair(client, fragmenting, fragmenting);
    pump.setMaxBytesPerPump(333);
    byte[] big = new byte[200_000];
    new java.util.Random(7).nextBytes(big);
    String text = "žluťoučký kůň ".repeat(5000);

    client.sendText("hello");
    client.sendBinary(big);
    client.sendText(text);
    client.sendBinary(new byte[0]);
    client.ping(bytes("p"));
    pump.flush();

    assertThat(ready.called()).isTrue();
    assertThat(client.getTransport().getExtensions()).isEqualTo("permessage-deflate");
    assertThat(events.stream().filter(e -> e.startsWith("server"))).containsExactly(
        "server text 5", "server binary 200000", "server text " + text.length(), "server binary 0");
    assertThat(events.stream().filter(e -> e.startsWith("client"))).containsExactly("client open",
        "client text hello", "client binary 200000", "client text " + text, "client binary 0",
        "client pong p");
  }

  @Test
  void aCloseHandshakeStartedByTheClientEndsBothSidesWithItsCode() {
    Recorder client = new Recorder("client");
    IOPump pump = pair(client, WebSocketOptions.defaults(), WebSocketOptions.defaults());
    client.close(4001, "done here");
    pump.flush();

    assertThat(events).containsExactlyInAnyOrder("client open", "server close 4001 done here",
        "client close 4001 ");
    assertThat(pump.clientTransport().isClosed()).isTrue();
    assertThat(clock.getDelayedCalls()).as("close timers cancelled").isEmpty();
  }

  @Test
  void aMessagePastTheClientsLimitFailsWith1009() {
    Recorder client = new Recorder("client");
    IOPump pump = pair(client, WebSocketOptions.defaults(),
        WebSocketOptions.builder().maxMessageSize(1000).build());
    client.sendText("x".repeat(1001)); // the server echoes it: too big for us
    pump.flush();

    assertThat(events).containsExactlyInAnyOrder("client open", "server text 1001",
        "server close 1009 compressed message inflates past the limit of 1000 bytes",
        "client close 1009 compressed message inflates past the limit of 1000 bytes");
  }

  @Test
  void pausingTheClientHoldsMessagesUntilResumed() {
    Recorder client = new Recorder("client");
    IOPump pump = pair(client, WebSocketOptions.defaults(), WebSocketOptions.defaults());
    client.getTransport().pauseProducing();
    client.sendText("one");
    client.sendText("two");
    pump.flush();
    assertThat(events).containsExactly("client open", "server text 3", "server text 3");
    assertThat(pump.clientTransport().isReadingPaused()).isTrue();

    client.getTransport().resumeProducing();
    pump.flush();

    assertThat(events).endsWith("client text one", "client text two");
  }

  @Test
  void theServersOriginCheckRefusesTheClientWith403() {
    Recorder client = new Recorder("client");
    pair(client, WebSocketOptions.builder().allowedOrigins(Set.of("https://good.example")).build(),
        WebSocketOptions.builder().origin("https://evil.example").build());

    assertThat(failure).isInstanceOf(WebSocketHandshakeError.class);
    assertThat(((WebSocketHandshakeError) failure).status()).isEqualTo(403);
  }

  // ---- WebSocketClient: URLs, headers, the agent's proxy ------------------------------------

  @Test
  void urlsOtherThanWsAndWssAndHandshakeFieldsAreRefusedBeforeConnecting() {
    dev.torsion.trial.MemoryReactor reactor = new dev.torsion.trial.MemoryReactor(clock);
    WebSocketClient client = new WebSocketClient(reactor, WebSocketOptions.defaults());
    List<Throwable> errors = new ArrayList<>();
    for (String url : List.of("http://x/", "ws:///nohost", "wss://x/#fragment", "ws://x/\r\n")) {
      client.connect(url, new Recorder("client")).addErrback(f -> errors.add(f.value()));
    }
    client.connect("ws://x/", new Headers().set("Sec-WebSocket-Protocol", "sneaky"),
        new Recorder("client")).addErrback(f -> errors.add(f.value()));

    assertThat(errors).hasSize(5).allMatch(e -> e instanceof IllegalArgumentException);
    assertThat(errors.get(4)).hasMessageContaining("Sec-WebSocket-Protocol");
    assertThat(reactor.tcpClients).isEmpty();
  }

  @Test
  void throughTheAgentsProxyWsGoesInAConnectTunnel() {
    dev.torsion.trial.MemoryReactor reactor = new dev.torsion.trial.MemoryReactor(clock);
    dev.torsion.web.client.HttpAgent agent = new dev.torsion.web.client.HttpAgent(reactor);
    agent.setProxy(new dev.torsion.web.client.HttpProxy("proxy.test", 3128, "Basic dTpw"));
    agent.setUserAgent("tester");
    Recorder recorder = new Recorder("client");
    Deferred<Recorder> opened = new WebSocketClient(agent, WebSocketOptions.defaults())
        .connect("ws://chat.test:8080/room?id=7", recorder);

    assertThat(reactor.tcpClients).hasSize(1);
    assertThat(reactor.tcpClients.get(0).host()).isEqualTo("proxy.test");
    assertThat(reactor.tcpClients.get(0).port()).isEqualTo(3128);
    dev.torsion.internet.Protocol p = reactor.tcpClients.get(0).connect(transport);
    assertThat(transport.valueString()).startsWith("CONNECT chat.test:8080 HTTP/1.1\r\n")
        .contains("Proxy-Authorization: Basic dTpw\r\n");
    transport.clear();
    p.dataReceived(bytes("HTTP/1.1 200 Connection established\r\n\r\n"));
    String request = transport.valueString();
    assertThat(request).startsWith("GET /room?id=7 HTTP/1.1\r\nHost: chat.test:8080\r\n")
        .contains("User-Agent: tester\r\n").doesNotContain("Proxy-Authorization");
    Matcher m = Pattern.compile("Sec-WebSocket-Key: (\\S+)\r\n").matcher(request);
    assertThat(m.find()).isTrue();
    p.dataReceived(bytes(switching(m.group(1), "")));

    assertThat(opened.called()).isTrue();
    assertThat(events).containsExactly("client open");
  }
}
