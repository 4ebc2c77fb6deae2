package dev.torsion.protocols;

import dev.torsion.internet.Protocol;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;

/** Feeds bytes to a protocol in chunks of a chosen size, the way a transport might split them. */
final class Feed {
  private Feed() {}

  /** Chunk sizes every parser test runs with: whole, one byte at a time, and an odd size. */
  static int[] chunkSizes() {
    return new int[] {Integer.MAX_VALUE, 1, 3};
  }

  static void feed(Protocol protocol, byte[] data, int chunkSize) {
    for (int i = 0; i < data.length; i += chunkSize) {
      protocol.dataReceived(Arrays.copyOfRange(data, i, (int) Math.min(data.length, (long) i + chunkSize)));
    }
  }

  static void feed(Protocol protocol, String data, int chunkSize) {
    feed(protocol, bytes(data), chunkSize);
  }

  static byte[] bytes(String s) {
    return s.getBytes(StandardCharsets.ISO_8859_1);
  }

  static String text(byte[] b) {
    return new String(b, StandardCharsets.ISO_8859_1);
  }
}
