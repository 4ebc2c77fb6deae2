package dev.torsion.protocols.amp;

import java.math.BigDecimal;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;

/** The text forms of Twisted's Float, Decimal and DateTime arguments. */
final class WireFormats {
  private WireFormats() {}

  /** Python's spelling of the special floats; the rest as Java prints them (Python reads both). */
  static String floatToString(double v) {
    if (Double.isNaN(v)) {
      return "nan";
    }
    if (Double.isInfinite(v)) {
      return v > 0 ? "inf" : "-inf";
    }
    return Double.toString(v);
  }

  static double floatFromString(String s) {
    String t = s.toLowerCase(java.util.Locale.ROOT);
    switch (t) {
      case "inf", "+inf", "infinity", "+infinity" -> {
        return Double.POSITIVE_INFINITY;
      }
      case "-inf", "-infinity" -> {
        return Double.NEGATIVE_INFINITY;
      }
      case "nan", "+nan", "-nan" -> {
        return Double.NaN;
      }
      default -> {}
    }
    // Python's float() grammar: no hex floats, no Java 'd'/'f' suffixes.
    if (!t.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)(e[+-]?\\d+)?")) {
      throw new IllegalArgumentException("not a float");
    }
    return Double.parseDouble(t);
  }

  static BigDecimal decimalFromString(String s) {
    if (s.length() > 1000) {
      throw new IllegalArgumentException("decimal longer than 1000 characters");
    }
    if (!s.matches("[+-]?(\\d+\\.?\\d*|\\.\\d+)([eE][+-]?\\d{1,9})?")) {
      // Infinity, NaN and sNaN have no BigDecimal.
      throw new IllegalArgumentException("not a finite decimal");
    }
    return new BigDecimal(s);
  }

  /** {@code %04i-%02i-%02iT%02i:%02i:%02i.%06i} then the offset; Twisted writes UTC as -00:00. */
  static String dateTimeToString(OffsetDateTime t) {
    int offsetMinutes = t.getOffset().getTotalSeconds() / 60;
    char sign = offsetMinutes > 0 ? '+' : '-';
    int abs = Math.abs(offsetMinutes);
    return String.format(java.util.Locale.ROOT, "%04d-%02d-%02dT%02d:%02d:%02d.%06d%c%02d:%02d",
        t.getYear(), t.getMonthValue(), t.getDayOfMonth(), t.getHour(), t.getMinute(),
        t.getSecond(), t.getNano() / 1000, sign, abs / 60, abs % 60);
  }

  static OffsetDateTime dateTimeFromString(String s) {
    if (s.length() != 32
        || !s.matches("\\d{4}-\\d\\d-\\d\\dT\\d\\d:\\d\\d:\\d\\d\\.\\d{6}[+-]\\d\\d:\\d\\d")) {
      throw new IllegalArgumentException("not a 32-character AMP DateTime");
    }
    int hours = Integer.parseInt(s.substring(27, 29));
    int minutes = Integer.parseInt(s.substring(30, 32));
    int sign = s.charAt(26) == '-' ? -1 : 1;
    ZoneOffset offset = ZoneOffset.ofTotalSeconds(sign * (hours * 3600 + minutes * 60));
    return OffsetDateTime.of(
        Integer.parseInt(s.substring(0, 4)), Integer.parseInt(s.substring(5, 7)),
        Integer.parseInt(s.substring(8, 10)), Integer.parseInt(s.substring(11, 13)),
        Integer.parseInt(s.substring(14, 16)), Integer.parseInt(s.substring(17, 19)),
        Integer.parseInt(s.substring(20, 26)) * 1000, offset);
  }
}
