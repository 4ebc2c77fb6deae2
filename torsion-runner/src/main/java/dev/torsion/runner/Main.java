package dev.torsion.runner;

import dev.torsion.runner.internal.Runner;

/**
 * The {@code ./torsion} command: Twisted's {@code twistd}. Parses the runner's options, picks a
 * {@link Plugin}, and runs the service it makes until SIGTERM or SIGINT.
 *
 * <pre>{@code
 * ./torsion --help
 * ./torsion echo --listen tcp:8007
 * ./torsion --daemon --pidfile echo.pid --logfile echo.log echo --listen tcp:8007
 * java -jar torsion-all/target/torsion.jar run examples/EchoServer.java
 * }</pre>
 */
public final class Main {
  private Main() {}

  public static void main(String[] args) {
    int status = Runner.run(args);
    System.out.flush();
    System.err.flush();
    System.exit(status);
  }
}
