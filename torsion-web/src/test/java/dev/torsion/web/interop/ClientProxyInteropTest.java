package dev.torsion.web.interop;

import static org.assertj.core.api.Assertions.assertThat;
import static org.assertj.core.api.Assertions.assertThatThrownBy;

import dev.torsion.internet.ConnectError;
import dev.torsion.internet.endpoints.Endpoints;
import dev.torsion.internet.ssl.SelfSignedCertificate;
import dev.torsion.internet.ssl.TLSOptions;
import dev.torsion.trial.Peers;
import dev.torsion.web.client.HttpAgent;
import dev.torsion.web.client.HttpProxy;
import dev.torsion.web.client.Response;
import dev.torsion.web.proxy.Backend;
import dev.torsion.web.server.Resource;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * HttpAgent through real proxies: Twisted's own forward proxy ({@code twisted.web.proxy.Proxy},
 * absolute-form requests) for http, and a small asyncio CONNECT proxy for https.
 */
class ClientProxyInteropTest {
  private static final String TWISTED_PROXY = String.join("\n",
      "from twisted.internet import reactor",
      "from twisted.web import http, proxy",
      "f = http.HTTPFactory()",
      "f.protocol = proxy.Proxy",
      "p = reactor.listenTCP(0, f, interface='127.0.0.1')",
      "print(p.getHost().port, flush=True)",
      "reactor.run()", "");

  private static final String CONNECT_PROXY = String.join("\n",
      "import asyncio",
      "async def pipe(r, w):",
      "    try:",
      "        while True:",
      "            data = await r.read(65536)",
      "            if not data:",
      "                break",
      "            w.write(data)",
      "            await w.drain()",
      "    except Exception:",
      "        pass",
      "    finally:",
      "        w.close()",
      "async def handle(r, w):",
      "    head = await r.readuntil(b'\\r\\n\\r\\n')",
      "    line = head.split(b'\\r\\n')[0].decode()",
      "    print(line, flush=True)",
      "    method, target, _ = line.split(' ')",
      "    host, port = target.rsplit(':', 1)",
      "    if method != 'CONNECT' or host == 'forbidden.test':",
      "        w.write(b'HTTP/1.1 403 Forbidden\\r\\nContent-Length: 0\\r\\n\\r\\n')",
      "        await w.drain()",
      "        w.close()",
      "        return",
      "    ur, uw = await asyncio.open_connection('127.0.0.1', int(port))",
      "    w.write(b'HTTP/1.1 200 Connection established\\r\\n\\r\\n')",
      "    await w.drain()",
      "    await asyncio.gather(pipe(r, uw), pipe(ur, w))",
      "async def main():",
      "    server = await asyncio.start_server(handle, '127.0.0.1', 0)",
      "    print(server.sockets[0].getsockname()[1], flush=True)",
      "    async with server:",
      "        await server.serve_forever()",
      "asyncio.run(main())", "");

  @TempDir Path tmp;
  private RealServer server;
  private PeerProcess proxy;
  private HttpAgent agent;

  @AfterEach
  void stop() throws Exception {
    if (server != null) {
      server.call(() -> agent.getPool().closeCachedConnections());
      server.close();
    }
    if (proxy != null) {
      proxy.close();
    }
  }

  private PeerProcess python(String script, String module) throws Exception {
    String python = module == null ? Peers.require(Peers.PYTHON) : Peers.requirePython(module);
    Path file = Files.writeString(tmp.resolve("peer.py"), script);
    return new PeerProcess(List.of(python, file.toString()), tmp.resolve("peer.log"));
  }

  @Test
  void plainHttpGoesToTwistedsProxyInAbsoluteForm() throws Exception {
    proxy = python(TWISTED_PROXY, "twisted");
    int proxyPort = Integer.parseInt(proxy.nextLine());
    server = new RealServer(Backend.root(), site -> { });
    agent = new HttpAgent(server.reactor);
    agent.setProxy(new HttpProxy("127.0.0.1", proxyPort, null));

    byte[] body = server.call(() -> agent.request("GET", server.url("/echo/a?b=1"), null, null)
        .addDeferredCallback(Response::readBody));

    // Twisted's proxy turned the absolute form back into a path; the Host is the origin's.
    assertThat(new String(body, StandardCharsets.UTF_8)).contains("method=GET\n", "uri=/echo/a?b=1\n",
        "host=127.0.0.1:" + server.port() + "\n");
  }

  @Test
  void httpsTunnelsThroughConnectWithTheOriginVerified() throws Exception {
    proxy = python(CONNECT_PROXY, null);
    int proxyPort = Integer.parseInt(proxy.nextLine());
    SelfSignedCertificate ca =
        SelfSignedCertificate.builder().commonName("proxy test CA").certificateAuthority(true).build();
    Path pem = tmp.resolve("server.pem");
    SelfSignedCertificate.builder().names("localhost").signedBy(ca).build().writePem(pem);
    Resource root = new Resource();
    root.putChild("secure", new HttpsInteropTest.Secure());
    server = new RealServer(root, site -> { },
        "ssl:0:interface=127.0.0.1:privateKey=" + Endpoints.quoteStringArgument(pem.toString()));
    agent = new HttpAgent(server.reactor);
    agent.getPool().setTlsOptions(h -> TLSOptions.forClient(h).trustRoots(ca.certificate()).build());
    agent.setProxy(new HttpProxy("127.0.0.1", proxyPort, null));

    byte[] first = server.call(() -> agent.request("GET", server.httpsUrl("/secure"), null, null)
        .addDeferredCallback(Response::readBody));
    byte[] second = server.call(() -> agent.request("GET", server.httpsUrl("/secure"), null, null)
        .addDeferredCallback(Response::readBody));

    assertThat(new String(first, StandardCharsets.UTF_8)).isEqualTo("secure=true\n");
    assertThat(new String(second, StandardCharsets.UTF_8)).isEqualTo("secure=true\n");
    // One tunnel, kept alive for the second request.
    assertThat(proxy.nextLine()).isEqualTo("CONNECT localhost:" + server.port() + " HTTP/1.1");
    assertThat(proxy.drainLines()).isEmpty();
  }

  @Test
  void aRefusedConnectFailsWithConnectError() throws Exception {
    proxy = python(CONNECT_PROXY, null);
    int proxyPort = Integer.parseInt(proxy.nextLine());
    server = new RealServer(new Resource(), site -> { });
    agent = new HttpAgent(server.reactor);
    agent.setProxy(new HttpProxy("127.0.0.1", proxyPort, null));

    assertThatThrownBy(() -> server.call(() ->
            agent.request("GET", "https://forbidden.test/", null, null)))
        .isInstanceOf(ConnectError.class)
        .hasMessageContaining("refused CONNECT forbidden.test:443: HTTP/1.1 403 Forbidden");
  }
}
