package dev.torsion.internet.ssl.internal;

import java.io.ByteArrayOutputStream;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.time.ZoneOffset;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;

/**
 * Encodes the few ASN.1 DER shapes that X.509 certificates and PKCS#8 wrappers need (ITU-T
 * X.690). Each method returns one complete TLV, so structures are built inside-out by nesting
 * calls.
 */
public final class Der {
  public static final int INTEGER = 0x02;
  public static final int BIT_STRING = 0x03;
  public static final int OCTET_STRING = 0x04;
  public static final int NULL = 0x05;
  public static final int OID = 0x06;
  public static final int UTF8_STRING = 0x0c;
  public static final int SEQUENCE = 0x30;
  public static final int SET = 0x31;

  private static final DateTimeFormatter UTC_TIME = DateTimeFormatter.ofPattern("yyMMddHHmmss'Z'");
  private static final DateTimeFormatter GENERALIZED_TIME =
      DateTimeFormatter.ofPattern("yyyyMMddHHmmss'Z'");

  private Der() {}

  /** A TLV with {@code tag} whose content is the concatenation of {@code parts}. */
  public static byte[] tlv(int tag, byte[]... parts) {
    int length = 0;
    for (byte[] part : parts) {
      length += part.length;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(length + 6);
    out.write(tag);
    writeLength(out, length);
    for (byte[] part : parts) {
      out.writeBytes(part);
    }
    return out.toByteArray();
  }

  private static void writeLength(ByteArrayOutputStream out, int length) {
    if (length < 0x80) {
      out.write(length);
      return;
    }
    int bytes = (32 - Integer.numberOfLeadingZeros(length) + 7) / 8;
    out.write(0x80 | bytes);
    for (int i = bytes - 1; i >= 0; i--) {
      out.write(length >>> (8 * i));
    }
  }

  public static byte[] sequence(byte[]... parts) {
    return tlv(SEQUENCE, parts);
  }

  public static byte[] set(byte[]... parts) {
    return tlv(SET, parts);
  }

  public static byte[] integer(BigInteger value) {
    return tlv(INTEGER, value.toByteArray());
  }

  public static byte[] integer(long value) {
    return integer(BigInteger.valueOf(value));
  }

  public static byte[] nullValue() {
    return new byte[] {NULL, 0};
  }

  public static byte[] bool(boolean value) {
    return new byte[] {0x01, 1, (byte) (value ? 0xff : 0)};
  }

  public static byte[] octetString(byte[] content) {
    return tlv(OCTET_STRING, content);
  }

  /** A BIT STRING holding whole bytes (no unused bits), as signatures and keys are. */
  public static byte[] bitString(byte[] content) {
    return tlv(BIT_STRING, new byte[] {0}, content);
  }

  public static byte[] utf8String(String s) {
    return tlv(UTF8_STRING, s.getBytes(StandardCharsets.UTF_8));
  }

  /** An OBJECT IDENTIFIER from its dotted form, e.g. "1.2.840.10045.2.1". */
  public static byte[] oid(String dotted) {
    String[] arcs = dotted.split("\\.");
    if (arcs.length < 2) {
      throw new IllegalArgumentException("bad OID " + dotted);
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    writeBase128(out, Long.parseLong(arcs[0]) * 40 + Long.parseLong(arcs[1]));
    for (int i = 2; i < arcs.length; i++) {
      writeBase128(out, Long.parseLong(arcs[i]));
    }
    return tlv(OID, out.toByteArray());
  }

  private static void writeBase128(ByteArrayOutputStream out, long value) {
    int groups = Math.max(1, (64 - Long.numberOfLeadingZeros(value) + 6) / 7);
    for (int i = groups - 1; i >= 0; i--) {
      int b = (int) ((value >>> (7 * i)) & 0x7f);
      out.write(i == 0 ? b : b | 0x80);
    }
  }

  /** RFC 5280 4.1.2.5: UTCTime through 2049, GeneralizedTime from 2050 on. */
  public static byte[] time(Instant instant) {
    ZonedDateTime t = instant.atZone(ZoneOffset.UTC);
    if (t.getYear() >= 1950 && t.getYear() < 2050) {
      return tlv(0x17, UTC_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
    }
    return tlv(0x18, GENERALIZED_TIME.format(t).getBytes(StandardCharsets.US_ASCII));
  }

  /** A context-specific constructed tag [n] EXPLICIT around {@code inner}. */
  public static byte[] explicit(int n, byte[] inner) {
    return tlv(0xa0 | n, inner);
  }

  /** A context-specific primitive tag [n] IMPLICIT with raw {@code content}. */
  public static byte[] implicit(int n, byte[] content) {
    return tlv(0x80 | n, content);
  }

  /** Decodes an OBJECT IDENTIFIER's content octets to dotted form. */
  public static String decodeOid(byte[] content) {
    StringBuilder sb = new StringBuilder();
    long value = 0;
    boolean first = true;
    for (byte b : content) {
      value = (value << 7) | (b & 0x7f);
      if ((b & 0x80) == 0) {
        if (first) {
          long top = Math.min(2, value / 40);
          sb.append(top).append('.').append(value - top * 40);
          first = false;
        } else {
          sb.append('.').append(value);
        }
        value = 0;
      }
    }
    return sb.toString();
  }
}
