package dev.torsion.web.websocket.internal;

import static org.assertj.core.api.Assertions.assertThat;

import java.io.ByteArrayOutputStream;
import java.nio.charset.StandardCharsets;
import java.util.List;
import org.junit.jupiter.api.Test;

/** permessage-deflate's compressor against its inflater, message after message on one context. */
class PerMessageDeflateTest {
  private static byte[] roundTrip(PerMessageDeflate sender, PerMessageDeflate receiver, byte[] m)
      throws WebSocketProtocolError {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    receiver.inflate(sender.compress(m), true, out, 1 << 20);
    return out.toByteArray();
  }

  /**
   * An empty message right after another one used to compress to nothing (zlib writes no bytes
   * for a second flush in a row), and cutting the 4-byte tail off nothing threw
   * NegativeArraySizeException, which dropped the connection (found by python3-websockets
   * echoing through examples/WebSocketEcho.java). It is now the one byte 0x00 of RFC 7692
   * 7.2.3.6, and the peer inflates it to an empty message, context intact.
   */
  @Test
  void anEmptyMessageAfterAnotherOneIsTheEmptyFragment() throws Exception {
    PerMessageDeflate server = PerMessageDeflate.accept(List.of("permessage-deflate"), false);
    PerMessageDeflate client = PerMessageDeflate.fromResponse(List.of(server.response()));
    byte[] hello = "hello, hello, hello".getBytes(StandardCharsets.UTF_8);

    assertThat(roundTrip(server, client, hello)).isEqualTo(hello);
    assertThat(server.compress(new byte[0])).containsExactly(0);
    assertThat(roundTrip(server, client, new byte[0])).isEmpty();
    assertThat(roundTrip(server, client, new byte[0])).isEmpty();
    assertThat(roundTrip(server, client, hello)).isEqualTo(hello);
    server.end();
    client.end();
  }
}
