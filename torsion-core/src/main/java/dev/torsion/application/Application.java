package dev.torsion.application;

/**
 * The root of a program's service tree: Twisted's {@code Application}, the object a {@code .tac}
 * file defines.
 *
 * <p>The {@code ./torsion} runner starts an Application when the reactor starts and stops it
 * (gracefully, up to the shutdown timeout) before the reactor stops. {@code ./torsion run
 * MyServer.java} runs an Application that a source file makes:
 *
 * <pre>{@code
 * public final class MyServer {
 *   public static Application application(Reactor reactor) {
 *     Application app = new Application("echo");
 *     Strports.service("tcp:8007", Factory.forProtocol(Echo::new), reactor).setServiceParent(app);
 *     return app;
 *   }
 * }
 * }</pre>
 */
public class Application extends MultiService {
  /** An application with this name (used in log lines). */
  public Application(String name) {
    setName(name);
  }

  /** An Application is the root of its tree: it cannot have a parent. */
  @Override
  public void setServiceParent(MultiService parent) {
    throw new IllegalStateException("an Application is a root service and has no parent");
  }
}
