import dev.torsion.application.Application;
import dev.torsion.application.Strports;
import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.protocols.amp.AMP;
import dev.torsion.protocols.amp.Command;

/**
 * The counterpart of Twisted's ampserver.py example: an AMP server answering Sum and Divide, a
 * division by zero answered with the error code ZERO_DIVISION.
 *
 * <pre>
 *   ./torsion run examples/AmpServer.java -- tcp:1234
 * </pre>
 *
 * Twisted's ampclient.py (or any AMP peer declaring the same commands) calls it.
 */
public final class AmpServer {
  public record Sum(long a, long b) {}

  public record Total(long total) {}

  public record Divide(long numerator, long denominator) {}

  public record Quotient(double result) {}

  public static final Command<Sum, Total> SUM = Command.define("Sum", Sum.class, Total.class);

  public static final Command<Divide, Quotient> DIVIDE =
      Command.define("Divide", Divide.class, Quotient.class)
          .withError(ArithmeticException.class, "ZERO_DIVISION");

  static AMP protocol() {
    return new AMP()
        .responder(SUM, s -> new Total(s.a() + s.b()))
        .responder(DIVIDE, d -> {
          if (d.denominator() == 0) {
            throw new ArithmeticException("division by zero");
          }
          return new Quotient((double) d.numerator() / d.denominator());
        });
  }

  public static Application application(Reactor reactor, String[] args) {
    Application app = new Application("amp");
    String listen = args.length > 0 ? args[0] : "tcp:1234";
    Strports.service(listen, Factory.forProtocol(AmpServer::protocol), reactor).setServiceParent(app);
    return app;
  }
}
