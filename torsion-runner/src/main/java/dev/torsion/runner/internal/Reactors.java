package dev.torsion.runner.internal;

import dev.torsion.internet.NioReactor;
import dev.torsion.internet.Reactor;

/** Builds the reactor a run uses. */
final class Reactors {
  private Reactors() {}

  static Reactor create(int count) {
    return new NioReactor();
  }
}
