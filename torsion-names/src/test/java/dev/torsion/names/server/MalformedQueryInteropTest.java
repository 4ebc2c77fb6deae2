package dev.torsion.names.server;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.names.RealDns;
import dev.torsion.trial.Peers;
import java.io.File;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Malformed queries crafted with dnspython and raw bytes, sent to our server over UDP and TCP:
 * each gets FORMERR (or, without even an id to answer to, nothing), and the server answers a good
 * query afterwards.
 */
class MalformedQueryInteropTest {
  /** Sends each case, prints "NAME RCODE" (or "NAME none"), then "alive RCODE" for a good query. */
  static final String SCRIPT = """
      import socket, struct, sys
      import dns.message, dns.rcode
      port = int(sys.argv[1])
      good = dns.message.make_query("www.example.com", "A")
      good.id = 0x1234
      gw = good.to_wire()
      hdr = lambda qd, an=0, ns=0, ar=0: struct.pack(">HHHHHH", 0x1234, 0x0100, qd, an, ns, ar)
      q = lambda name: name + struct.pack(">HH", 1, 1)
      cases = {
        "pointer-loop": hdr(1) + q(b"\\xc0\\x0c"),
        "pointer-forward": hdr(1) + q(b"\\xc0\\x20") + b"\\x00" * 16,
        "label-too-long": hdr(1) + q(b"\\x40" + b"a" * 64 + b"\\x00"),
        "name-too-long": hdr(1) + q((b"\\x3f" + b"a" * 63) * 4 + b"\\x00"),
        "two-questions": hdr(2) + q(b"\\x01a\\x00") + q(b"\\x01b\\x00"),
        "no-question": hdr(0),
        "counts-lie": hdr(1, 65535, 65535, 65535) + q(b"\\x01a\\x00"),
        "trailing-garbage": gw + b"\\xde\\xad",
        "cut-in-question": gw[:20],
        "reserved-label-type": hdr(1) + q(b"\\x80\\x00"),
        "two-opt": hdr(1, 0, 0, 2) + q(b"\\x00") + (b"\\x00\\x00\\x29\\x10\\x00" + b"\\x00" * 6) * 2,
        "short-header": b"\\x12\\x34\\x01",
        "one-octet": b"\\x12",
      }
      def ask_udp(data):
          s = socket.socket(socket.AF_INET, socket.SOCK_DGRAM)
          s.settimeout(1.0)
          s.sendto(data, ("127.0.0.1", port))
          try:
              return s.recv(65535)
          except socket.timeout:
              return None
          finally:
              s.close()
      def ask_tcp(data):
          s = socket.create_connection(("127.0.0.1", port), timeout=3)
          s.sendall(struct.pack(">H", len(data)) + data)
          head = s.recv(2)   # b"" when the server hangs up, as it must for one octet
          if len(head) < 2:
              return None
          n = struct.unpack(">H", head)[0]
          body = b""
          while len(body) < n:
              chunk = s.recv(n - len(body))
              if not chunk:
                  break
              body += chunk
          s.close()
          return body
      def rcode(reply):
          if reply is None:
              return "none"
          return dns.rcode.to_text(reply[3] & 0xF) + ("/id-ok" if reply[:2] == b"\\x12\\x34" else "")
      for name, data in cases.items():
          print("udp-" + name, rcode(ask_udp(data)))
          print("tcp-" + name, rcode(ask_tcp(data)))
      r = dns.message.from_wire(ask_udp(gw))
      print("alive", dns.rcode.to_text(r.rcode()), len(r.answer))
      """;

  private static RealDns server;

  @BeforeAll
  static void start() throws Exception {
    Path zone = Path.of(MalformedQueryInteropTest.class
        .getResource("/dev/torsion/names/example.com.zone").toURI());
    BindAuthority authority = BindAuthority.load(zone);
    server = new RealDns(r -> new DNSServerFactory(r, List.of(authority), null,
        ServerOptions.defaults().withResponsesPerSecond(0)));
  }

  @AfterAll
  static void stop() throws Exception {
    if (server != null) {
      server.close();
    }
  }

  @Test
  void everyMalformedQueryIsFormerrAndTheServerStaysUp() throws Exception {
    String python = Peers.requirePython("dns");
    Process p = new ProcessBuilder(python, "-c", SCRIPT, String.valueOf(server.port()))
        .redirectErrorStream(true).redirectInput(new File("/dev/null")).start();
    if (!p.waitFor(60, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new AssertionError("the python client did not finish");
    }
    String out = new String(p.getInputStream().readAllBytes(), StandardCharsets.UTF_8);
    assertThat(p.exitValue()).as(out).isZero();
    Map<String, String> got = new TreeMap<>();
    out.lines().map(l -> l.split(" ", 2)).filter(w -> w.length == 2)
        .forEach(w -> got.put(w[0], w[1]));
    for (String c : List.of("pointer-loop", "pointer-forward", "label-too-long",
        "name-too-long", "two-questions", "no-question", "counts-lie", "trailing-garbage",
        "cut-in-question", "reserved-label-type", "two-opt", "short-header")) {
      assertThat(got.get("udp-" + c)).as("udp " + c + " in\n" + out).isEqualTo("FORMERR/id-ok");
      assertThat(got.get("tcp-" + c)).as("tcp " + c + " in\n" + out).isEqualTo("FORMERR/id-ok");
    }
    // Not even an id to answer to: nothing comes back (RFC 1035 4.1.1 needs the id).
    assertThat(got.get("udp-one-octet")).as(out).isEqualTo("none");
    assertThat(got.get("tcp-one-octet")).as(out).isEqualTo("none");
    assertThat(got.get("alive")).as(out).isEqualTo("NOERROR 2");
  }
}
