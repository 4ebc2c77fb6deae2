package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** A line that switches the transport (as startTLS does) is the last plaintext line delivered. */
class LineReceiverStartTlsTest {
  static final class Switcher extends LineReceiver {
    final List<String> lines = new ArrayList<>();
    final StringTransport tlsTransport = new StringTransport();

    @Override
    public void lineReceived(byte[] line) {
      String s = new String(line, StandardCharsets.US_ASCII);
      lines.add(s);
      if (s.equals("STARTTLS")) {
        // What transport.startTLS does to the protocol: its transport becomes the TLS layer.
        transport = tlsTransport;
      }
    }
  }

  @Test
  void bytesPipelinedAfterStartTlsAreNeverDelivered() {
    Switcher p = new Switcher();
    p.makeConnection(new StringTransport());

    p.dataReceived("EHLO a\r\nSTARTTLS\r\nRCPT TO:<evil>\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(p.lines).containsExactly("EHLO a", "STARTTLS");
    assertThat(p.clearLineBuffer()).isEmpty();
  }

  @Test
  void linesArrivingAfterTheSwitchAreDelivered() {
    Switcher p = new Switcher();
    p.makeConnection(new StringTransport());
    p.dataReceived("STARTTLS\r\n".getBytes(StandardCharsets.US_ASCII));

    p.dataReceived("MAIL FROM:<a>\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(p.lines).containsExactly("STARTTLS", "MAIL FROM:<a>");
  }
}
