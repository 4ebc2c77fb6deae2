package dev.torsion.protocols.amp;

import java.io.ByteArrayOutputStream;
import java.math.BigDecimal;
import java.math.BigInteger;
import java.nio.charset.StandardCharsets;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.util.ArrayList;
import java.util.List;

/**
 * How one AMP argument type turns a Java value into a box value and back (Twisted's {@code
 * amp.Argument} subclasses {@code Integer}, {@code String}, {@code Unicode}...). {@link Command}
 * picks one for each record component from its Java type; name one yourself for the wire types a
 * Java type cannot tell apart.
 *
 * <pre>{@code
 * byte[] wire = Argument.INTEGER.toBytes(42L);            // "42"
 * long back = Argument.INTEGER.fromBytes(wire);
 * Argument<List<String>> names = Argument.listOf(Argument.UNICODE);
 * }</pre>
 *
 * @param <T> the Java type of the value
 */
public interface Argument<T> {
  /** The value's bytes in the box. */
  byte[] toBytes(T value);

  /**
   * The value from its bytes in the box.
   *
   * @throws IllegalArgumentException if the bytes are not this type's wire form
   */
  T fromBytes(byte[] bytes);

  /** {@code amp.Integer}: decimal digits, any size; here a long. */
  Argument<Long> INTEGER = new Simple<>(v -> Long.toString(v), s -> Long.parseLong(s));
  /** {@code amp.Integer} for values beyond a long. */
  Argument<BigInteger> BIG_INTEGER = new Simple<>(BigInteger::toString, BigInteger::new);
  /** {@code amp.Integer} as an int (32 bits, checked). */
  Argument<Integer> INT = new Simple<>(v -> Integer.toString(v), Integer::parseInt);
  /** {@code amp.String} (Twisted's bytes): the value unchanged. */
  Argument<byte[]> BYTES = new Argument<>() {
    @Override
    public byte[] toBytes(byte[] value) {
      return value.clone();
    }

    @Override
    public byte[] fromBytes(byte[] bytes) {
      return bytes.clone();
    }
  };
  /** {@code amp.Unicode}: UTF-8 text. */
  Argument<String> UNICODE = new Simple<>(v -> v, v -> v);
  /** {@code amp.Boolean}: {@code True} or {@code False}. */
  Argument<Boolean> BOOLEAN = new Simple<>(v -> v ? "True" : "False", s -> {
    if (s.equals("True")) {
      return true;
    }
    if (s.equals("False")) {
      return false;
    }
    throw new IllegalArgumentException("bad boolean value '" + s + "'");
  });
  /** {@code amp.Float}: Python's {@code repr} of a float ({@code inf}, {@code nan} included). */
  Argument<Double> FLOAT = new Simple<>(WireFormats::floatToString, WireFormats::floatFromString);
  /** {@code amp.Decimal}: the decimal string with its precision ({@code 1.50}, {@code 1E+2}). */
  Argument<BigDecimal> DECIMAL = new Simple<>(BigDecimal::toString, WireFormats::decimalFromString);
  /** {@code amp.DateTime}: {@code 2012-01-23T12:34:56.054321-01:23}, always 32 characters. */
  Argument<OffsetDateTime> DATETIME =
      new Simple<>(WireFormats::dateTimeToString, WireFormats::dateTimeFromString);

  /** UTC, for building the {@link OffsetDateTime} values {@link #DATETIME} sends. */
  ZoneOffset UTC = ZoneOffset.UTC;

  /**
   * {@code amp.ListOf(element)}: each element's bytes prefixed by a 2-byte length, all in one
   * value.
   */
  static <E> Argument<List<E>> listOf(Argument<E> element) {
    return new Argument<>() {
      @Override
      public byte[] toBytes(List<E> value) {
        ByteArrayOutputStream out = new ByteArrayOutputStream();
        for (E e : value) {
          byte[] b = element.toBytes(e);
          if (b.length > AmpBox.MAX_VALUE_LENGTH) {
            throw new TooLong("list element of " + b.length + " bytes");
          }
          out.write(b.length >>> 8);
          out.write(b.length & 0xff);
          out.writeBytes(b);
        }
        return out.toByteArray();
      }

      @Override
      public List<E> fromBytes(byte[] bytes) {
        List<E> out = new ArrayList<>();
        int i = 0;
        while (i < bytes.length) {
          if (bytes.length - i < 2) {
            throw new IllegalArgumentException("truncated ListOf element length");
          }
          int n = ((bytes[i] & 0xff) << 8) | (bytes[i + 1] & 0xff);
          i += 2;
          if (bytes.length - i < n) {
            throw new IllegalArgumentException("ListOf element of " + n + " bytes is truncated");
          }
          out.add(element.fromBytes(java.util.Arrays.copyOfRange(bytes, i, i + n)));
          i += n;
        }
        return out;
      }
    };
  }

  /**
   * {@code amp.AmpList}: a list of records, each a whole box (its components as keys), all in
   * one value.
   */
  static <E extends Record> Argument<List<E>> ampList(Class<E> type) {
    return dev.torsion.protocols.amp.internal.RecordCodec.ampList(
        new dev.torsion.protocols.amp.internal.RecordCodec<>(type));
  }

  /** A text-based type: the value's string form in UTF-8 (ASCII for numbers). */
  final class Simple<T> implements Argument<T> {
    private final java.util.function.Function<T, String> encode;
    private final java.util.function.Function<String, T> decode;

    Simple(java.util.function.Function<T, String> encode, java.util.function.Function<String, T> decode) {
      this.encode = encode;
      this.decode = decode;
    }

    @Override
    public byte[] toBytes(T value) {
      return encode.apply(value).getBytes(StandardCharsets.UTF_8);
    }

    @Override
    public T fromBytes(byte[] bytes) {
      String s = new String(bytes, StandardCharsets.UTF_8);
      try {
        return decode.apply(s);
      } catch (IllegalArgumentException | java.time.DateTimeException | ArithmeticException e) {
        String shown = s.length() > 40 ? s.substring(0, 40) + "..." : s;
        throw new IllegalArgumentException("bad value '" + shown + "': " + e.getMessage(), e);
      }
    }
  }
}
