package dev.torsion.protocols.amp;

import java.math.BigDecimal;
import java.math.BigInteger;
import java.time.OffsetDateTime;
import java.util.List;

/** The commands of Twisted's ampserver.py example, and one carrying every argument type. */
final class MathCommands {
  private MathCommands() {}

  record Sum(long a, long b) {}

  record Total(long total) {}

  record Divide(long numerator, long denominator) {}

  record Quotient(double result) {}

  record Person(String name, long age) {}

  record Everything(
      long i, BigInteger big, byte[] s, String u, boolean flag, double ratio, BigDecimal d,
      OffsetDateTime when, List<Long> numbers, List<Person> people,
      @AmpArgument(name = "from") String sender,
      @AmpArgument(optional = true) String note) {}

  record Notify(String text) {}

  record Notes(List<String> texts) {}

  static final Command<Sum, Total> SUM = Command.define("Sum", Sum.class, Total.class);

  static final Command<Divide, Quotient> DIVIDE =
      Command.define("Divide", Divide.class, Quotient.class)
          .withError(ArithmeticException.class, "ZERO_DIVISION");

  static final Command<Everything, Everything> ECHO =
      Command.define("Everything", Everything.class, Everything.class);

  static final Command<Void, Void> BOOM = Command.define("Boom", Void.class, Void.class);

  static final Command<Void, Void> NOPE = Command.define("Nope", Void.class, Void.class);

  static final Command<Notify, Void> NOTIFY =
      Command.define("Notify", Notify.class, Void.class).withoutAnswer();

  static final Command<Void, Notes> NOTES = Command.define("Notes", Void.class, Notes.class);

  /** The server side: Sum, Divide (ZERO_DIVISION), Everything echoed, Boom failing, Notify/Notes. */
  static AMP server() {
    List<String> notes = new java.util.ArrayList<>();
    return new AMP()
        .responder(SUM, s -> new Total(s.a() + s.b()))
        .responder(DIVIDE, d -> {
          if (d.denominator() == 0) {
            throw new ArithmeticException("division by zero");
          }
          return new Quotient((double) d.numerator() / d.denominator());
        })
        .responder(ECHO, e -> e)
        .responder(BOOM, v -> {
          throw new IllegalStateException("boom");
        })
        .responder(NOTIFY, n -> {
          notes.add(n.text());
          return null;
        })
        .responder(NOTES, v -> new Notes(List.copyOf(notes)));
  }

  static Everything sample() {
    return new Everything(
        -42, new BigInteger("123456789012345678901234567890"), new byte[] {0, 1, (byte) 0xff, 'x'},
        "h\u00e9llo \u2603", true, 2.5, new BigDecimal("1.50"),
        OffsetDateTime.parse("2012-01-23T12:34:56.054321-01:23"), List.of(1L, 2L, 3L),
        List.of(new Person("alice", 30), new Person("bob", 41)), "carol", null);
  }
}
