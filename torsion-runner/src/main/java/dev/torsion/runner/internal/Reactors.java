package dev.torsion.runner.internal;

import dev.torsion.internet.NioReactor;
import dev.torsion.internet.Reactor;
import dev.torsion.internet.ReactorGroup;
import dev.torsion.plugin.Plugin;

/** Builds the reactor a run uses: one NioReactor, or a ReactorGroup seen as one Reactor. */
final class Reactors {
  private Reactors() {}

  /** {@code --reactors N} if given, else one per core for a plugin that supports it, else one. */
  static int count(GlobalOptions global, Plugin plugin) {
    if (global.reactors() > 0) {
      return global.reactors();
    }
    return plugin.supportsManyReactors() ? Runtime.getRuntime().availableProcessors() : 1;
  }

  static Reactor create(int count) {
    if (count == 1) {
      return new NioReactor();
    }
    // Listening ports accept on reactor 0 and hand each connection to one reactor for its life;
    // stopping reactor 0 (a signal, a failed start) stops and joins the others.
    return new ReactorGroup(count).asListeningReactor();
  }
}
