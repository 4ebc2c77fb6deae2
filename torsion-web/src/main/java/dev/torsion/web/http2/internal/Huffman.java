package dev.torsion.web.http2.internal;

import java.io.ByteArrayOutputStream;

/**
 * The canonical Huffman code of HPACK (RFC 7541 5.2 and Appendix B): encoding of header
 * strings, and strict decoding that refuses EOS in the data and any padding that is longer
 * than 7 bits or not the most significant bits of EOS.
 */
final class Huffman {
  // A binary tree as an array: node n has children TREE[2n] (bit 0) and TREE[2n+1] (bit 1);
  // a child below zero is a leaf holding symbol -(child + 1), zero is "no such code".
  private static final int[] TREE = buildTree();

  private Huffman() {}

  private static int[] buildTree() {
    int[] tree = new int[2 * 512];
    int nodes = 1;
    for (int sym = 0; sym <= 256; sym++) {
      int code = HpackTables.CODES[sym];
      int len = HpackTables.LENGTHS[sym];
      int node = 0;
      for (int i = len - 1; i > 0; i--) {
        int slot = 2 * node + ((code >>> i) & 1);
        if (tree[slot] == 0) {
          tree[slot] = nodes++;
        }
        node = tree[slot];
      }
      tree[2 * node + (code & 1)] = -(sym + 1);
    }
    return tree;
  }

  /** The number of bytes {@code data} takes Huffman-coded. */
  static int encodedLength(byte[] data) {
    long bits = 0;
    for (byte b : data) {
      bits += HpackTables.LENGTHS[b & 0xff];
    }
    return (int) ((bits + 7) >>> 3);
  }

  /** Appends {@code data} Huffman-coded, padded with the high bits of EOS (all ones). */
  static void encode(byte[] data, ByteArrayOutputStream out) {
    long acc = 0;
    int bits = 0;
    for (byte b : data) {
      int sym = b & 0xff;
      int len = HpackTables.LENGTHS[sym];
      acc = (acc << len) | (HpackTables.CODES[sym] & 0xffffffffL);
      bits += len;
      while (bits >= 8) {
        bits -= 8;
        out.write((int) (acc >>> bits));
      }
      acc &= (1L << bits) - 1;
    }
    if (bits > 0) {
      out.write((int) ((acc << (8 - bits)) | (0xff >>> bits)));
    }
  }

  /**
   * Decodes {@code length} bytes at {@code offset}; at most {@code maxLength} decoded bytes
   * (a Huffman string grows at most 8/5 on decoding, but the caller's limit holds anyway).
   */
  static byte[] decode(byte[] src, int offset, int length, int maxLength) throws HpackException {
    ByteArrayOutputStream out = new ByteArrayOutputStream(Math.min(maxLength, length * 2));
    int node = 0;
    int pending = 0; // bits read since the last symbol
    boolean allOnes = true;
    for (int i = offset; i < offset + length; i++) {
      int b = src[i] & 0xff;
      for (int shift = 7; shift >= 0; shift--) {
        int bit = (b >>> shift) & 1;
        pending++;
        allOnes &= bit == 1;
        int next = TREE[2 * node + bit];
        if (next < 0) {
          int sym = -next - 1;
          if (sym == 256) {
            throw new HpackException("EOS in a Huffman-coded string (RFC 7541 5.2)");
          }
          if (out.size() >= maxLength) {
            throw new HpackException("Huffman-coded string longer than " + maxLength + " bytes");
          }
          out.write(sym);
          node = 0;
          pending = 0;
          allOnes = true;
        } else {
          node = next;
        }
      }
    }
    if (pending > 7 || !allOnes) {
      throw new HpackException("bad padding in a Huffman-coded string (RFC 7541 5.2)");
    }
    return out.toByteArray();
  }
}
