package dev.torsion.protocols.amp;

import dev.torsion.internet.ConnectionDone;
import dev.torsion.internet.Deferred;
import dev.torsion.internet.Failure;
import dev.torsion.internet.Protocol;
import dev.torsion.protocols.amp.internal.BoxParser;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Function;
import org.slf4j.Logger;
import org.slf4j.LoggerFactory;

/**
 * A connection speaking AMP, the Asynchronous Messaging Protocol, byte-compatible with Twisted's
 * {@code twisted.protocols.amp.AMP}: either side calls the other's commands with {@link
 * #callRemote} and answers the other's with the responders it registered.
 *
 * <pre>{@code
 * record Sum(long a, long b) {}
 * record Total(long total) {}
 * static final Command<Sum, Total> SUM = Command.define("Sum", Sum.class, Total.class);
 *
 * // server
 * Factory f = Factory.forProtocol(() -> new AMP().responder(SUM, s -> new Total(s.a() + s.b())));
 * reactor.listenTCP(1234, f);
 * // client
 * Endpoints.connectProtocol(endpoint, new AMP())
 *     .addDeferredCallback(amp -> amp.callRemote(SUM, new Sum(13, 81)))
 *     .addCallback(total -> total.total());   // 94
 * }</pre>
 *
 * <pre>
 * call     _command=Sum  _ask=1  a=13  b=81
 * answer   _answer=1  total=94
 * error    _error=1  _error_code=ZERO_DIVISION  _error_description=...
 * </pre>
 *
 * A responder's exception declared by the command ({@link Command#withError}) goes back as that
 * code; any other as {@value #UNKNOWN_ERROR_CODE}, and a command without a responder as
 * {@value #UNHANDLED_ERROR_CODE}. A peer that breaks the framing or goes over the {@link
 * AmpLimits} is disconnected; calls still waiting fail with the reason the connection closed.
 */
public class AMP extends Protocol {
  /** The code for an exception the command did not declare. */
  public static final String UNKNOWN_ERROR_CODE = "UNKNOWN";
  /** The code for a command no responder handles. */
  public static final String UNHANDLED_ERROR_CODE = "UNHANDLED";

  static final String COMMAND = "_command";
  static final String ASK = "_ask";
  static final String ANSWER = "_answer";
  static final String ERROR = "_error";
  static final String ERROR_CODE = "_error_code";
  static final String ERROR_DESCRIPTION = "_error_description";

  private static final Logger LOG = LoggerFactory.getLogger(AMP.class);

  private interface Responder {
    Deferred<AmpBox> respond(AmpBox arguments);
  }

  private final AmpLimits limits;
  private final BoxParser parser;
  private final Map<String, Responder> responders = new HashMap<>();
  private final Map<String, Map.Entry<Command<?, ?>, Deferred<Object>>> outstanding = new LinkedHashMap<>();
  private long counter;
  private int inFlight;
  private boolean broken;

  public AMP() {
    this(AmpLimits.DEFAULT);
  }

  public AMP(AmpLimits limits) {
    this.limits = limits;
    this.parser = new BoxParser(this::ampBoxReceived, limits.maxBoxBytes(), limits.maxKeysPerBox());
  }

  /** Answers {@code command} with {@code fn}'s result; returns this for chaining. */
  public final <A, R> AMP responder(Command<A, R> command, Function<? super A, ? extends R> fn) {
    return deferredResponder(command, a -> Deferred.succeed(fn.apply(a)));
  }

  /** Answers {@code command} with the Deferred {@code fn} returns, when it fires. */
  public final <A, R> AMP deferredResponder(
      Command<A, R> command, Function<? super A, Deferred<R>> fn) {
    responders.put(command.name(), box -> {
      A args;
      try {
        args = command.arguments().fromBox(box);
      } catch (RuntimeException e) {
        return Deferred.fail(new BadArguments(command.name() + ": " + e.getMessage()));
      }
      Deferred<R> d;
      try {
        d = fn.apply(args);
      } catch (Throwable t) {
        d = Deferred.fail(t);
      }
      return d.addCallback(r -> command.response().toBox(r, new AmpBox()))
          .addErrback(f -> {
            Map.Entry<String, Boolean> code = command.codeFor(f.value());
            if (code == null) {
              throw f.raiseException();
            }
            throw new DeclaredError(code.getKey(), f.value().getMessage(), code.getValue());
          });
    });
    return this;
  }

  /**
   * Sends {@code command} with {@code arguments}; the Deferred fires with the peer's typed
   * response, or fails with the command's declared exception for the peer's error code, {@link
   * UnknownRemoteError}, {@link UnhandledCommand}, {@link TooLong} (nothing sent), or the reason
   * the connection closed.
   */
  public final <A, R> Deferred<R> callRemote(Command<A, R> command, A arguments) {
    AmpBox box = new AmpBox().put(COMMAND, command.name());
    String ask = null;
    if (command.requiresAnswer()) {
      ask = Long.toHexString(++counter);
      box.put(ASK, ask);
    }
    byte[] wire;
    try {
      command.arguments().toBox(arguments, box);
      wire = box.serialize();
    } catch (RuntimeException e) {
      return Deferred.fail(e);
    }
    if (transport == null || broken) {
      return Deferred.fail(new ConnectionDone("AMP connection is not open"));
    }
    transport.write(wire);
    if (ask == null) {
      return Deferred.succeed(null);
    }
    Deferred<Object> d = new Deferred<>();
    outstanding.put(ask, Map.entry(command, d));
    @SuppressWarnings("unchecked")
    Deferred<R> typed = (Deferred<R>) (Deferred<?>) d;
    return typed;
  }

  /** Sends one box as it is (Twisted's {@code sendBox}), for protocols built on raw boxes. */
  public final void sendBox(AmpBox box) {
    transport.write(box.serialize());
  }

  @Override
  public void dataReceived(byte[] data) {
    if (broken) {
      return;
    }
    try {
      parser.feed(data);
    } catch (AmpError e) {
      LOG.warn("AMP peer {}: {}; disconnecting", transport.getPeer(), e.getMessage());
      breakConnection();
    }
  }

  /**
   * One whole box from the peer (Twisted's {@code ampBoxReceived}): an answer, an error, or a
   * command.
   *
   * @throws MalformedAmpBox if it is none of those
   */
  protected void ampBoxReceived(AmpBox box) {
    if (broken) {
      return;
    }
    if (box.containsKey(ANSWER)) {
      settle(box.getString(ANSWER), box, null);
    } else if (box.containsKey(ERROR)) {
      String code = box.getString(ERROR_CODE);
      String description = box.getString(ERROR_DESCRIPTION);
      settle(box.getString(ERROR), null, new String[] {code == null ? UNKNOWN_ERROR_CODE : code,
          description == null ? "" : description});
    } else if (box.containsKey(COMMAND)) {
      commandReceived(box);
    } else {
      throw new MalformedAmpBox("box with no _answer, _error or _command key: " + box.keys());
    }
  }

  private void settle(String id, AmpBox answer, String[] error) {
    Map.Entry<Command<?, ?>, Deferred<Object>> pending = outstanding.remove(id);
    if (pending == null) {
      throw new MalformedAmpBox("answer to a question never asked: '" + id + "'");
    }
    Command<?, ?> command = pending.getKey();
    Deferred<Object> d = pending.getValue();
    if (error != null) {
      d.errback(command.errorFor(error[0], error[1]));
      return;
    }
    Object value;
    try {
      value = command.response().fromBox(answer);
    } catch (RuntimeException e) {
      d.errback(new MalformedAmpBox(command.name() + " answer: " + e.getMessage()));
      return;
    }
    d.callback(value);
  }

  private void commandReceived(AmpBox box) {
    String name = box.getString(COMMAND);
    String ask = box.getString(ASK);
    if (ask != null && ++inFlight > limits.maxCommandsInFlight()) {
      throw new MalformedAmpBox("more than " + limits.maxCommandsInFlight() + " commands in flight");
    }
    Responder responder = responders.get(name);
    Deferred<AmpBox> d = responder == null
        ? Deferred.fail(new UnhandledCommand(UNHANDLED_ERROR_CODE, "Unhandled Command: '" + name + "'"))
        : responder.respond(box);
    d.addCallbacks(answer -> {
      if (ask != null) {
        inFlight--;
        answer.put(ANSWER, ask);
        reply(answer, false);
      }
      return null;
    }, f -> {
      if (ask == null) {
        LOG.warn("AMP {} from {} (no answer wanted) failed: {}", name, peer(), f.getErrorMessage());
        return null;
      }
      inFlight--;
      String code;
      String description;
      boolean fatal = false;
      if (f.value() instanceof DeclaredError e) {
        code = e.code;
        description = e.getMessage() == null ? "" : e.getMessage();
        fatal = e.fatal;
      } else if (f.value() instanceof RemoteAmpError e) {
        code = e.errorCode();
        description = e.description();
      } else if (f.value() instanceof BadArguments e) {
        code = UNKNOWN_ERROR_CODE;
        description = e.getMessage();
      } else {
        LOG.error("AMP responder for {} failed", name, f.value());
        code = UNKNOWN_ERROR_CODE;
        description = "Unknown Error";
      }
      AmpBox error = new AmpBox().put(ERROR, ask).put(ERROR_CODE, code).put(ERROR_DESCRIPTION,
          truncate(description));
      reply(error, fatal);
      return null;
    });
  }

  private void reply(AmpBox box, boolean thenClose) {
    if (!isConnected() || broken) {
      return;
    }
    byte[] wire;
    try {
      wire = box.serialize();
    } catch (TooLong e) {
      LOG.error("AMP answer to {} too long: {}", peer(), e.getMessage());
      wire = new AmpBox().put(ERROR, box.getString(ANSWER)).put(ERROR_CODE, UNKNOWN_ERROR_CODE)
          .put(ERROR_DESCRIPTION, "answer too long").serialize();
    }
    transport.write(wire);
    if (thenClose) {
      transport.loseConnection();
    }
  }

  private static String truncate(String s) {
    // A description is one value: keep it under the 64 KiB limit (chars <= 3 UTF-8 bytes each).
    return s.length() > AmpBox.MAX_VALUE_LENGTH / 3 ? s.substring(0, AmpBox.MAX_VALUE_LENGTH / 3) : s;
  }

  private Object peer() {
    return transport == null ? "?" : transport.getPeer();
  }

  private void breakConnection() {
    broken = true;
    transport.loseConnection();
  }

  @Override
  public void connectionLost(Failure reason) {
    broken = true;
    Map<String, Map.Entry<Command<?, ?>, Deferred<Object>>> waiting = new LinkedHashMap<>(outstanding);
    outstanding.clear();
    for (Map.Entry<Command<?, ?>, Deferred<Object>> e : waiting.values()) {
      e.getValue().errback(reason.value());
    }
  }

  /** A responder's exception the command declared, on its way to the wire. */
  private static final class DeclaredError extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String code;
    final boolean fatal;

    DeclaredError(String code, String description, boolean fatal) {
      super(description, null, false, false);
      this.code = code;
      this.fatal = fatal;
    }
  }

  /** The peer's command did not decode into its arguments record. */
  private static final class BadArguments extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadArguments(String message) {
      super(message, null, false, false);
    }
  }
}
