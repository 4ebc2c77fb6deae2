package dev.torsion.protocols;

import static org.assertj.core.api.Assertions.assertThat;

import dev.torsion.trial.StringTransport;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * A message whose handler switches the transport (as startTLS does) is the last plaintext message
 * delivered, in every framing.
 */
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

  @Test
  void lineOnlyReceiverDropsWhatCameWithStartTls() {
    List<String> lines = new ArrayList<>();
    StringTransport tls = new StringTransport();
    LineOnlyReceiver p =
        new LineOnlyReceiver() {
          @Override
          public void lineReceived(byte[] line) {
            String s = new String(line, StandardCharsets.US_ASCII);
            lines.add(s);
            if (s.equals("STARTTLS")) {
              transport = tls;
            }
          }
        };
    p.makeConnection(new StringTransport());

    p.dataReceived("STARTTLS\r\nINJECTED\r\n".getBytes(StandardCharsets.US_ASCII));
    p.dataReceived("AFTER\r\n".getBytes(StandardCharsets.US_ASCII));

    assertThat(lines).containsExactly("STARTTLS", "AFTER");
  }

  @Test
  void int16StringReceiverDropsWhatCameWithStartTls() {
    List<String> strings = new ArrayList<>();
    StringTransport tls = new StringTransport();
    Int16StringReceiver p =
        new Int16StringReceiver() {
          @Override
          public void stringReceived(byte[] string) {
            String s = new String(string, StandardCharsets.US_ASCII);
            strings.add(s);
            if (s.equals("STARTTLS")) {
              transport = tls;
            }
          }
        };
    p.makeConnection(new StringTransport());

    p.dataReceived(new byte[] {0, 8, 'S', 'T', 'A', 'R', 'T', 'T', 'L', 'S', 0, 3, 'B', 'A', 'D'});
    p.dataReceived(new byte[] {0, 2, 'O', 'K'});

    assertThat(strings).containsExactly("STARTTLS", "OK");
  }

  @Test
  void netstringReceiverDropsWhatCameWithStartTls() {
    List<String> strings = new ArrayList<>();
    StringTransport tls = new StringTransport();
    NetstringReceiver p =
        new NetstringReceiver() {
          @Override
          public void stringReceived(byte[] string) {
            String s = new String(string, StandardCharsets.US_ASCII);
            strings.add(s);
            if (s.equals("STARTTLS")) {
              transport = tls;
            }
          }
        };
    p.makeConnection(new StringTransport());

    p.dataReceived("8:STARTTLS,3:BAD,".getBytes(StandardCharsets.US_ASCII));
    p.dataReceived("2:OK,".getBytes(StandardCharsets.US_ASCII));

    assertThat(strings).containsExactly("STARTTLS", "OK");
  }
}
