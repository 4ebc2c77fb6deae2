package dev.torsion.application;

import dev.torsion.internet.Factory;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.endpoints.Endpoints;

/**
 * Makes a listening service from an endpoint description: Twisted's {@code strports.service}.
 *
 * <pre>{@code
 * Strports.service("tcp:8080:interface=127.0.0.1", site, reactor).setServiceParent(application);
 * }</pre>
 *
 * <p>A bad description throws IllegalArgumentException at once, naming the bad part; a port
 * that cannot be opened fails the service's start. Given a {@link
 * dev.torsion.internet.ReactorGroup#asListeningReactor() ReactorGroup's view}, the port spreads
 * its connections over the group's reactors (then {@code factory} must be thread-safe).
 */
public final class Strports {
  private Strports() {}

  /** A service listening on {@code description} with {@code factory}, on {@code reactor}. */
  public static StreamServerEndpointService service(
      String description, Factory factory, Reactor reactor) {
    return new StreamServerEndpointService(
        Endpoints.serverFromString(reactor, description), factory, description, reactor);
  }

  /** As above, on the process-wide {@link Reactor#global()}. */
  public static StreamServerEndpointService service(String description, Factory factory) {
    return service(description, factory, Reactor.global());
  }
}
