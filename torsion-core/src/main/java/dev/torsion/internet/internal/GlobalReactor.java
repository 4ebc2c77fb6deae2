package dev.torsion.internet.internal;

import dev.torsion.internet.NioReactor;
import dev.torsion.internet.Reactor;

/** Holds the process-wide default reactor, made on first use. */
public final class GlobalReactor {
  private GlobalReactor() {}

  private static final class Holder {
    static final Reactor INSTANCE = new NioReactor();
  }

  public static Reactor get() {
    return Holder.INSTANCE;
  }
}
