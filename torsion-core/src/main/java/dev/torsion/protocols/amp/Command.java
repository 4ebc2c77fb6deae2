package dev.torsion.protocols.amp;

import dev.torsion.protocols.amp.internal.RecordCodec;
import java.lang.reflect.Constructor;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * One AMP command: its name, its arguments and response as records, the errors it may answer
 * with, and whether it wants an answer at all (Twisted's {@code amp.Command} subclass with its
 * {@code arguments}, {@code response}, {@code errors}, {@code fatalErrors} and {@code
 * requiresAnswer}). Each record component is one key, its AMP type taken from the Java type:
 * {@code long}/{@code int}/{@code BigInteger} are Integer, {@code String} is Unicode, {@code
 * byte[]} is String (bytes), {@code boolean} Boolean, {@code double} Float, {@code BigDecimal}
 * Decimal, {@code OffsetDateTime} DateTime, a {@code List} of those ListOf, a {@code List} of a
 * record AmpList. {@code Void} means no keys.
 *
 * <pre>{@code
 * record Divide(long numerator, long denominator) {}
 * record Quotient(double result) {}
 * static final Command<Divide, Quotient> DIVIDE =
 *     Command.define("Divide", Divide.class, Quotient.class)
 *         .withError(ArithmeticException.class, "ZERO_DIVISION");
 *
 * amp.callRemote(DIVIDE, new Divide(10, 4)).addCallback(q -> q.result());   // 2.5
 * }</pre>
 *
 * @param <A> the arguments record
 * @param <R> the response record
 */
public final class Command<A, R> {
  private final String name;
  private final RecordCodec<A> arguments;
  private final RecordCodec<R> response;
  private final Map<Class<? extends Throwable>, String> errors;
  private final Map<Class<? extends Throwable>, String> fatalErrors;
  private final boolean requiresAnswer;

  private Command(String name, RecordCodec<A> arguments, RecordCodec<R> response,
      Map<Class<? extends Throwable>, String> errors,
      Map<Class<? extends Throwable>, String> fatalErrors, boolean requiresAnswer) {
    this.name = name;
    this.arguments = arguments;
    this.response = response;
    this.errors = errors;
    this.fatalErrors = fatalErrors;
    this.requiresAnswer = requiresAnswer;
  }

  /**
   * A command named {@code name} on the wire, taking {@code arguments} and answering {@code
   * response} (records, or {@code Void.class} for none).
   *
   * @throws IllegalArgumentException if a component has a type AMP cannot carry
   */
  public static <A, R> Command<A, R> define(String name, Class<A> arguments, Class<R> response) {
    if (name.isEmpty() || name.length() > AmpBox.MAX_VALUE_LENGTH) {
      throw new IllegalArgumentException("bad AMP command name '" + name + "'");
    }
    return new Command<>(name, new RecordCodec<>(arguments), new RecordCodec<>(response),
        Map.of(), Map.of(), true);
  }

  /**
   * This command, where a responder throwing {@code type} answers with the error {@code code},
   * and a caller receiving {@code code} fails with {@code type} (built from its
   * {@code (String message)} constructor, the peer's description as the message).
   */
  public Command<A, R> withError(Class<? extends Throwable> type, String code) {
    return new Command<>(name, arguments, response, plus(errors, type, code), fatalErrors,
        requiresAnswer);
  }

  /** As {@link #withError}, and the responding side closes the connection after answering. */
  public Command<A, R> withFatalError(Class<? extends Throwable> type, String code) {
    return new Command<>(name, arguments, response, errors, plus(fatalErrors, type, code),
        requiresAnswer);
  }

  /**
   * This command without an {@code _ask} key: the peer sends no answer and {@code callRemote}'s
   * Deferred fires with null as soon as the box is written (Twisted's {@code
   * requiresAnswer = False}).
   */
  public Command<A, R> withoutAnswer() {
    return new Command<>(name, arguments, response, errors, fatalErrors, false);
  }

  private static Map<Class<? extends Throwable>, String> plus(
      Map<Class<? extends Throwable>, String> map, Class<? extends Throwable> type, String code) {
    if (code.isEmpty() || code.equals(AMP.UNKNOWN_ERROR_CODE) || code.equals(AMP.UNHANDLED_ERROR_CODE)) {
      throw new IllegalArgumentException("error code '" + code + "' is reserved");
    }
    Map<Class<? extends Throwable>, String> copy = new LinkedHashMap<>(map);
    copy.put(type, code);
    return java.util.Collections.unmodifiableMap(copy);
  }

  public String name() {
    return name;
  }

  public boolean requiresAnswer() {
    return requiresAnswer;
  }

  RecordCodec<A> arguments() {
    return arguments;
  }

  RecordCodec<R> response() {
    return response;
  }

  /** The code for a responder's exception and whether it is fatal, or null if undeclared. */
  Map.Entry<String, Boolean> codeFor(Throwable error) {
    for (Map.Entry<Class<? extends Throwable>, String> e : fatalErrors.entrySet()) {
      if (e.getKey().isInstance(error)) {
        return Map.entry(e.getValue(), true);
      }
    }
    for (Map.Entry<Class<? extends Throwable>, String> e : errors.entrySet()) {
      if (e.getKey().isInstance(error)) {
        return Map.entry(e.getValue(), false);
      }
    }
    return null;
  }

  /** The exception a caller sees for an {@code _error} box with {@code code}. */
  Throwable errorFor(String code, String description) {
    if (code.equals(AMP.UNHANDLED_ERROR_CODE)) {
      return new UnhandledCommand(code, description);
    }
    for (Map<Class<? extends Throwable>, String> map : java.util.List.of(fatalErrors, errors)) {
      for (Map.Entry<Class<? extends Throwable>, String> e : map.entrySet()) {
        if (e.getValue().equals(code)) {
          Throwable t = instantiate(e.getKey(), description);
          if (t != null) {
            return t;
          }
        }
      }
    }
    return new UnknownRemoteError(code, description);
  }

  private static Throwable instantiate(Class<? extends Throwable> type, String description) {
    try {
      Constructor<? extends Throwable> c = type.getDeclaredConstructor(String.class);
      c.setAccessible(true);
      return c.newInstance(description);
    } catch (ReflectiveOperationException | RuntimeException e) {
      try {
        Constructor<? extends Throwable> c = type.getDeclaredConstructor();
        c.setAccessible(true);
        return c.newInstance();
      } catch (ReflectiveOperationException | RuntimeException e2) {
        return null;
      }
    }
  }

  @Override
  public String toString() {
    return "Command(" + name + ")";
  }
}
