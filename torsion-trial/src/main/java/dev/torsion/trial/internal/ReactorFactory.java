package dev.torsion.trial.internal;

import dev.torsion.internet.NioReactor;
import dev.torsion.internet.Reactor;

/** Makes the reactor each trial test runs on: a real one, so tests exercise real sockets. */
final class ReactorFactory {
  private ReactorFactory() {}

  static Reactor newReactor() {
    return new NioReactor();
  }
}
