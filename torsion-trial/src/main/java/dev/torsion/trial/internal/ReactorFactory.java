package dev.torsion.trial.internal;

import dev.torsion.internet.Reactor;

/** Makes the reactor each trial test runs on. */
final class ReactorFactory {
  private ReactorFactory() {}

  static Reactor newReactor() throws ReflectiveOperationException {
    return (Reactor)
        Class.forName("dev.torsion.internet.NioReactor").getDeclaredConstructor().newInstance();
  }
}
